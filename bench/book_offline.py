"""Wall time and peak memory of making an offline book (generate + PDF), 8 and 24 pages.

.venv/bin/python bench/book_offline.py
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import CharacterSpec, Settings, StorySettings, Studio


def one_book(studio: Studio, pages: int, seed: int) -> tuple[float, float, float, int]:
    user = studio.accounts.start_guest().user
    sal = studio.characters.create(user, CharacterSpec(name="Sal", kind="girl", traits=("brave", "curious")))
    rex = studio.characters.create(user, CharacterSpec(name="Rex", kind="dog", traits=("loyal",)))
    settings = StorySettings(character_ids=(sal.id, rex.id), pages=pages, style="watercolor", seed=seed)
    tracemalloc.start()
    t0 = time.perf_counter()
    book = studio.books.generate(user, settings)
    t1 = time.perf_counter()
    pdf = studio.books.export_pdf(user, book.id)
    t2 = time.perf_counter()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return t1 - t0, t2 - t1, peak / 2**20, len(pdf)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), providers="offline")  # type: ignore[call-arg]
        with Studio(settings, workers=False) as studio:
            one_book(studio, 4, 0)  # warm-up: imports, fonts
            header = ("pages", "generate s", "pdf s", "total s", "py peak MiB", "pdf KiB")
            print("{:>5} {:>11} {:>7} {:>8} {:>12} {:>8}".format(*header))
            for pages in (8, 24):
                gen, pdf, peak, size = one_book(studio, pages, 7)
                print(
                    f"{pages:>5} {gen:>11.2f} {pdf:>7.2f} {gen + pdf:>8.2f} {peak:>12.1f} {size / 1024:>8.0f}"
                )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
