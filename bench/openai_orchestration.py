"""How well a 12-page OpenAI book is orchestrated, against the loopback OpenAI-compatible server with
scaled latencies (story 1.5 s, each image 1.0 s, each portrait 1.0 s).

    .venv/bin/python bench/openai_orchestration.py

Prints the wall time, the critical path (story + portraits + one image round), the sequential sum, and
last ``ratio_to_critical_path=X.XX`` (wall / critical path; goal ≤ 1.3).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import CharacterSpec, Settings, StorySettings, Studio
from tests.fakes.conftest_openai import TEST_KEY, openai_settings_fields
from tests.fakes.openai_config import FakeConfig
from tests.fakes.openai_server import FakeOpenAIServer

STORY_S, IMAGE_S, PORTRAIT_S, PAGES = 1.5, 1.0, 1.0, 12
CAST = (
    CharacterSpec(name="Ava", kind="girl", traits=("curious",)),
    CharacterSpec(name="Bo", kind="bear", skin="#8b5a2b"),
    CharacterSpec(name="Nana", kind="grandma", accessory="glasses"),
)


def main() -> None:
    latency = {"chat.completions": STORY_S, "images.edits": IMAGE_S, "images.generations": PORTRAIT_S}
    with (
        FakeOpenAIServer(FakeConfig(api_key=TEST_KEY, latency=latency)) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        fields = openai_settings_fields(server, openai_timeout_s=30.0, openai_image_concurrency=PAGES)
        settings = Settings(_env_file=None, data_dir=Path(tmp), **fields)  # type: ignore[call-arg]
        with Studio(settings, workers=False) as studio:
            user = studio.accounts.register("bench@example.org", "correct horse battery")
            ids = [studio.characters.create(user, c).id for c in CAST]
            studio.providers.writer.model  # noqa: B018 - the client is built; the first request warms it
            warm = StorySettings(character_ids=ids[:1], pages=4, seed=1)
            server.configure(latency={})
            studio.books.generate(user, warm)
            server.configure(latency=latency)
            began = time.perf_counter()
            book = studio.books.generate(user, StorySettings(character_ids=ids, pages=PAGES, seed=7))
            wall = time.perf_counter() - began
    assert book.status == "ready", book.error
    critical = STORY_S + PORTRAIT_S + IMAGE_S
    sequential = STORY_S + len(CAST) * PORTRAIT_S + PAGES * IMAGE_S
    print(f"{'measure':<34} {'seconds':>8}")
    print(f"{'wall time (12 pages, 3 characters)':<34} {wall:>8.2f}")
    print(f"{'critical path':<34} {critical:>8.2f}")
    print(f"{'sequential sum':<34} {sequential:>8.2f}")
    print(f"wall / sequential sum = {wall / sequential:.2f}")
    print(f"ratio_to_critical_path={wall / critical:.2f}")


if __name__ == "__main__":
    main()
