"""How quickly the web app answers with a well-used library: p50/p95 for opening the library and a book,
and the app's start-to-ready time.

    .venv/bin/python bench/ui_latency.py [--books 300] [--rounds 60]

Goals (issue 6): p95 <= 150 ms for both, ready <= 8 s. Runs the real ``app.py`` on a temporary SQLite
database filled through the engine with offline providers, and calls it with gradio_client.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
from gradio_client import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import CharacterSpec, Settings, StorySettings, Studio
from engine.config import PlanLimits
from tests.app_server import running_app

EMAIL, PASSWORD = "bench@example.org", "a long bench password"


def fill_library(data_dir: Path, books: int) -> list[int]:
    """One family with two characters and ``books`` finished 4-page books; returns the book ids."""
    roomy = PlanLimits(books_per_day=books + 10, pages_per_book=24, running_jobs=1)
    settings = Settings(
        _env_file=None,
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'memory-maker.db'}",
        providers="offline",
        picture_size=256,
        plan_free=roomy,
    )
    with Studio(settings, workers=False) as studio:
        user = studio.accounts.register(EMAIL, PASSWORD, display_name="Bench family")
        sal = studio.characters.create(user, CharacterSpec(name="Sal", kind="girl"))
        rex = studio.characters.create(user, CharacterSpec(name="Rex", kind="dog"))
        for n in range(books):
            cast = (sal.id, rex.id) if n % 2 else (sal.id,)
            studio.books.generate(user, StorySettings(character_ids=cast, pages=4, seed=n))
        return [b.id for b in studio.books.list(user)]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {cuts[49]:6.1f} ms   p95 {cuts[94]:6.1f} ms   (n={len(samples)})"


def gradio_client_times(url: str, cookie: str, book_ids: list[int], rounds: int) -> dict[str, list[float]]:
    """Round trips as gradio_client sees them (it polls for answers every 50 ms, which adds ~25 ms)."""
    app = Client(
        url, headers={"Cookie": cookie}, verbose=False, download_files=False, analytics_enabled=False
    )
    app.predict(api_name="/library")  # warm up, and the session learns the family's titles
    library = [timed(lambda: app.predict(api_name="/library")) for _ in range(rounds)]
    books = []
    for i in range(rounds):
        app.predict(book_ids[i * 7 % len(book_ids)], api_name="/library_find")  # choosing a title...
        books.append(timed(lambda: app.predict(api_name="/book_open")))  # ...and the Book tab filling in
    return {"library": library, "book": books}


def server_times(url: str, cookie: str, book_ids: list[int], rounds: int) -> dict[str, list[float]]:
    """The same calls over the browser's own protocol (join the queue, read the event stream)."""
    handlers = {d["api_name"]: d["id"] for d in httpx.get(f"{url}/config").json()["dependencies"]}
    session = uuid.uuid4().hex
    with httpx.Client(base_url=url, headers={"Cookie": cookie}, timeout=30) as http:

        def run(name: str, *data: object) -> None:
            body = {"data": list(data), "fn_index": handlers[name], "session_hash": session}
            http.post("/gradio_api/queue/join", json=body).raise_for_status()
            with http.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as events:
                for line in events.iter_lines():
                    if '"process_completed"' in line:
                        return

        run("library")
        library = [timed(lambda: run("library")) for _ in range(rounds)]
        books = []
        for i in range(rounds):
            run("library_find", book_ids[i * 7 % len(book_ids)])
            books.append(timed(lambda: run("book_open")))
    return {"library": library, "book": books}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--books", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mm-bench-") as tmp:
        started = time.perf_counter()
        book_ids = fill_library(Path(tmp), args.books)
        print(f"filled a library of {len(book_ids)} books in {time.perf_counter() - started:.1f} s")
        with running_app(Path(tmp)) as server:
            print(f"app start to ready               {server.ready_s:6.2f} s   (goal <= 8 s)")
            login = httpx.post(f"{server.url}/auth/login", json={"email": EMAIL, "password": PASSWORD})
            cookie = f"mm_session={login.cookies['mm_session']}"
            client = gradio_client_times(server.url, cookie, book_ids, args.rounds)
            direct = server_times(server.url, cookie, book_ids, args.rounds)
        print("goal: p95 <= 150 ms")
        print(f"gradio_client  open the library  {percentiles(client['library'])}")
        print(f"gradio_client  open a book       {percentiles(client['book'])}")
        print(f"browser protocol  library        {percentiles(direct['library'])}")
        print(f"browser protocol  book           {percentiles(direct['book'])}")


if __name__ == "__main__":
    main()
