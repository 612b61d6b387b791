"""Simulated families using the real web app the way a browser does, for the load test and ``bench/load.py``.

Each family signs up through ``POST /auth/register``, then drives the Gradio handlers with
``gradio_client`` (the session cookie passed as a header): browse the library, open a book, design a
character, make a 6-page book and watch it fill in (the page's one-second timer), download the PDF.
Every call is timed per action; anything refused, broken or answered with a 5xx is counted.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from gradio_client import Client

from engine.catalog import Accessory, ArtStyle, CharacterKind, HairStyle, Moral, Setting, Tone, choices
from tests.app_server import app_client
from tests.reliability.load_report import LoadReport

PASSWORD = "a long load-test password"
NAMES = ("Sal", "Rex", "Ava", "Bo", "Mia", "Leo", "Pip", "Nana", "Zed", "Ivy")
# How often a family does each thing between its first book and the end of the run.
MIX = {"browse": 45, "open_book": 30, "export_pdf": 10, "make_book": 7, "create_character": 8}
MAX_CHARACTERS, MAX_BOOKS = 4, 2  # books per family per run: a parent doesn't make ten in a minute
TICK_S = 1.0  # the Book page's gr.Timer
READY = "Your book is ready"  # what the Book page says when a book has just finished
SIGN_UPS_AT_ONCE = 4


def browser_tab(url: str, token: str) -> Client:
    """A gradio_client session carrying the family's session cookie, as the browser's tab would."""
    return app_client(url, token, timeout=60)


def colour(rng: random.Random) -> str:
    return f"#{rng.randrange(0x1000000):06x}"


class SimulatedFamily:
    """One family's browser session; ``run(deadline, drain_until)`` until time is up."""

    def __init__(
        self, url: str, number: int, report: LoadReport, seed: int, think_s: tuple[float, float]
    ) -> None:
        self.url, self.number, self.report = url, number, report
        self.rng = random.Random(seed)
        self.think_s = think_s
        self.cookie = ""
        self.client: Client | None = None
        self.character_ids: list[int] = []
        self.book_ids: list[int] = []  # ready books, newest first

    # --- plumbing ---------------------------------------------------------------------------------

    def timed(self, action: str, call: Callable[[], Any], requests: int = 1) -> Any:
        """Run one user action, recording its time, or its error (and whether the server said 5xx)."""
        start = time.perf_counter()
        try:
            result = call()
        except Exception as err:  # every failure is a finding; the family carries on like a person would
            self.report.failed(action, err, requests)
            return None
        self.report.timed(action, (time.perf_counter() - start) * 1000, requests)
        return result

    def predict(self, api_name: str, *args: Any) -> Any:
        assert self.client is not None
        return self.client.predict(*args, api_name=api_name)

    def think(self) -> None:
        time.sleep(self.rng.uniform(*self.think_s))

    def http_get(self, path: str) -> httpx.Response:
        response = httpx.get(f"{self.url}{path}", headers={"Cookie": self.cookie}, timeout=60)
        self.report.status(response.status_code)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return response

    # --- what a family does -----------------------------------------------------------------------

    def sign_up(self) -> bool:
        def register() -> str:
            email = f"family{self.number}-{self.rng.randrange(10**9)}@example.org"
            body = {"email": email, "password": PASSWORD, "display_name": f"Family {self.number}"}
            response = httpx.post(f"{self.url}/auth/register", json=body, timeout=60)
            self.report.status(response.status_code)
            response.raise_for_status()
            return str(response.cookies["mm_session"])

        token = self.timed("sign_up", register)
        if token is None:
            return False
        self.cookie = f"mm_session={token}"
        self.client = browser_tab(self.url, token)
        return True

    def browse(self) -> None:
        shelf = self.timed("browse", lambda: self.predict("/library"))
        finder = next((o for o in shelf or () if isinstance(o, dict) and "choices" in o), None)
        if finder is not None:
            self.book_ids = [int(choice[1]) for choice in finder["choices"]]

    def open_book(self) -> None:
        if not self.book_ids:
            return self.browse()
        book_id = self.rng.choice(self.book_ids)

        def open_it() -> Any:
            self.predict("/library_find", book_id)
            return self.predict("/book_open")

        self.timed("open_book", open_it, requests=2)
        return None

    def create_character(self) -> None:
        rng = self.rng
        fields = (
            f"{rng.choice(NAMES)}{len(self.character_ids) or ''}",
            rng.choice(choices(CharacterKind)),
            "",
            "brave, kind",
            colour(rng),
            colour(rng),
            rng.choice(choices(HairStyle)),
            colour(rng),
            colour(rng),
            colour(rng),
            rng.choice(choices(Accessory)),
        )
        if self.timed("create_character", lambda: self.predict("/character_save", *fields)) is not None:
            cast = self.timed("story_cast", lambda: self.predict("/story_cast"))
            if cast:
                self.character_ids = [int(choice[1]) for choice in cast[0]["choices"]]

    def make_book(self, drain_until: float) -> None:
        """Start a 6-page book, open it and let the page's timer tick until it is finished."""
        if not self.character_ids:
            return self.create_character()
        rng = self.rng
        cast = rng.sample(self.character_ids, k=min(len(self.character_ids), rng.randint(1, 2)))
        tone, moral, place = (
            rng.choice(choices(Tone)),
            rng.choice(choices(Moral)),
            rng.choice(choices(Setting)),
        )
        settings = ("3-5", 6, tone, moral, place, rng.choice(choices(ArtStyle)), "en", "")
        submitted = time.perf_counter()
        if self.timed("start_book", lambda: self.predict("/story_start", cast, *settings)) is None:
            return None
        self.report.book_started()
        answer = self.timed("open_book", lambda: self.predict("/book_open"))
        while answer is not None and READY not in str(answer) and time.monotonic() < drain_until:
            time.sleep(TICK_S)
            answer = self.timed("tick", lambda: self.predict("/book_tick"))
            if answer is not None and not still_running(answer):
                break
        self.report.book_ended(READY in str(answer), time.perf_counter() - submitted)
        return self.browse()

    def export_pdf(self) -> None:
        if not self.book_ids:
            return self.browse()
        book_id = self.rng.choice(self.book_ids)

        def download() -> int:
            content = self.http_get(f"/media/books/{book_id}.pdf?size=square").content
            if not content.startswith(b"%PDF"):
                raise RuntimeError("the PDF download is not a PDF")
            return len(content)

        self.timed("export_pdf", download)
        return None

    def run(self, deadline: float, drain_until: float) -> None:
        if self.client is None or self.timed("enter", lambda: self.predict("/enter")) is None:
            return
        try:
            self.create_character()
            self.make_book(drain_until)
            books = 1
            while time.monotonic() < deadline:
                self.think()
                action = self.rng.choices(list(MIX), weights=list(MIX.values()))[0]
                if action == "make_book" and books < MAX_BOOKS:
                    books += 1
                    self.make_book(drain_until)
                elif action == "create_character" and len(self.character_ids) < MAX_CHARACTERS:
                    self.create_character()
                elif action == "open_book":
                    self.open_book()
                elif action == "export_pdf":
                    self.export_pdf()
                else:
                    self.browse()
        finally:
            if self.client is not None:
                self.client.close()


def still_running(tick: Any) -> bool:
    """The tick's last answer is the page timer: switched off once the job has finished."""
    last = tick[-1] if isinstance(tick, list | tuple) and tick else None
    return not (isinstance(last, dict) and last.get("active") is False)


def run_load(
    url: str,
    families: int,
    seconds: float,
    *,
    seed: int = 1,
    think_s: tuple[float, float] = (2.0, 6.0),
    drain_s: float = 90.0,
) -> LoadReport:
    """``families`` families on ``url`` for ``seconds``; books still being made are waited for (drain).

    Every family first makes its account (``/auth/register``, a few at a time: each costs two argon2
    computations that use both cores). Then the timed run: families open the app over its first sixth
    (at most 10 s), as people do, and pause ``think_s`` seconds between actions: reading a page, typing
    a name, choosing colours.
    """
    report = LoadReport(families=families, seconds=seconds)
    people = [SimulatedFamily(url, n, report, seed * 1000 + n, think_s) for n in range(families)]
    with ThreadPoolExecutor(max_workers=SIGN_UPS_AT_ONCE) as pool:
        signed_up = [f for f, ok in zip(people, pool.map(SimulatedFamily.sign_up, people), strict=True) if ok]
    start = report.started = time.monotonic()
    deadline, drain_until = start + seconds, start + seconds + drain_s
    threads = []
    for n, family in enumerate(signed_up):
        thread = threading.Thread(target=family.run, args=(deadline, drain_until), name=f"family-{n}")
        threads.append(thread)
        thread.start()
        time.sleep(min(10.0, seconds / 6) / max(families, 1))
    for thread in threads:
        thread.join()
    report.wall_s = time.monotonic() - start
    return report
