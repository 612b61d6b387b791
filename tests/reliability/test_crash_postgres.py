"""The app on PostgreSQL survives ``kill -9`` mid-book: started again, the book shows as interrupted, carries
on by itself and finishes; every character and every page finished before the crash is still there,
unchanged. (The SQLite version, with ``PRAGMA integrity_check``, is ``tests/jobs/test_embedded_crash.py``.)"""

from __future__ import annotations

import io
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from engine import CharacterSpec, Settings, StorySettings, Studio, User
from storage import tables as t
from tests.app_server import running_app
from tests.reliability.figures import record

pytestmark = [pytest.mark.reliability, pytest.mark.slow, pytest.mark.postgres]
PAGES = 10


def characters_of(studio: Studio, user: User) -> list[dict[str, Any]]:
    return [c.model_dump() for c in studio.characters.list(user)]


def finished_pages(studio: Studio, user: User, book_id: int) -> dict[int, tuple[int, str]]:
    book = studio.books.get(user, book_id)
    return {p.index: (p.image_id, p.text) for p in book.pages if p.image_id is not None}


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_book_on_postgres_survives_the_app_being_killed_mid_book(postgres_url: str, tmp_path: Path) -> None:
    env: dict[str, Any] = {  # running_app(**env): its other keywords are typed too
        "DATABASE_URL": postgres_url,
        "OFFLINE_PICTURE_DELAY_S": "0.4",
        "JOB_STALE_AFTER_S": "2",
        "PICTURE_SIZE": "384",
    }
    settings = Settings(
        _env_file=None, database_url=postgres_url, providers="offline", picture_size=384, job_stale_after_s=2
    )
    library = Studio(settings, workers=False)
    user = library.accounts.register("ann@example.org", "correct horse battery")
    cast = [library.characters.create(user, CharacterSpec(name=n, kind="child")).id for n in ("Ava", "Bo")]
    characters = characters_of(library, user)

    with running_app(tmp_path / "before", **env) as app:
        job = library.books.start(user, StorySettings(character_ids=cast, pages=PAGES, seed=4))
        wait_for(lambda: library.books.get(user, job.book_id).pages_done >= 3, 60, "three pages")
        os.kill(app.pid, signal.SIGKILL)
        before = finished_pages(library, user, job.book_id)
    time.sleep(2.5)  # no heartbeat for longer than JOB_STALE_AFTER_S: the worker is known to be gone
    stalled = library.books.get(user, job.book_id)
    assert stalled.status == "interrupted" and 3 <= stalled.pages_done < PAGES

    with running_app(tmp_path / "after", **env) as app:
        wait_for(lambda: library.books.get(user, job.book_id).status == "ready", 90, "the book to finish")
    book = library.books.get(user, job.book_id)
    after = finished_pages(library, user, job.book_id)
    lost = sum(1 for index, page in before.items() if after.get(index) != page)
    record("test_crash_postgres", books_finished=int(book.status == "ready"), lost_pages=lost)
    assert lost == 0, "every page finished before the crash is still there, unchanged"
    assert [p.index for p in book.pages] == list(range(PAGES)) and len(after) == PAGES
    assert characters_of(library, user) == characters
    assert library.jobs.get(user, job.id).status == "done"
    with library.db.read() as s:
        assert s.scalar(select(func.count()).select_from(t.Page).where(t.Page.book_id == book.id)) == PAGES
    for image_id, _ in after.values():
        data, _fmt = library.books.image(user, image_id)
        Image.open(io.BytesIO(data)).verify()  # every stored picture is whole
    library.close()
