"""The embedded mode survives a crash: the app process is SIGKILLed mid-book (OpenAI path, loopback
server with latency), started again, and the book finishes with no page made or counted twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine import CharacterSpec, StorySettings, Studio
from storage import tables as t
from tests.app_server import running_app
from tests.conftest import make_settings
from tests.fakes.conftest_openai import TEST_KEY, openai_settings_fields
from tests.fakes.openai_server import FakeOpenAIServer

pytestmark = pytest.mark.slow
PAGES = 8


def usage(studio: Studio, book_id: int, what: str) -> int:
    with studio.db.read() as s:
        q = select(func.count()).select_from(t.UsageEvent).where(t.UsageEvent.book_id == book_id)
        return int(s.scalar(q.where(t.UsageEvent.what == what)) or 0)


def test_a_book_survives_the_app_being_killed_mid_book(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    openai_server.configure(latency={"images.edits": 0.6, "images.generations": 0.3, "chat.completions": 0.3})
    env = {
        "OPENAI_BASE_URL": openai_server.base_url,
        "OPENAI_API_KEY": TEST_KEY,
        "PROVIDERS": "openai",
        "OPENAI_IMAGE_CONCURRENCY": "2",
        "OPENAI_TIMEOUT_S": "10",
    }
    fields = openai_settings_fields(openai_server)
    library = Studio(make_settings(tmp_path, job_stale_after_s=2, **fields), workers=False)
    user = library.accounts.register("ann@example.org", "correct horse battery")
    ids = [library.characters.create(user, CharacterSpec(name=n, kind="child")).id for n in ("Ava", "Bo")]

    with running_app(tmp_path, **env) as app:
        job = library.books.start(user, StorySettings(character_ids=ids, pages=PAGES, seed=4))
        deadline = time.monotonic() + 60
        while library.books.get(user, job.book_id).pages_done < 3:
            assert time.monotonic() < deadline, app.log_tail()
            time.sleep(0.05)
        os.kill(app.pid, signal.SIGKILL)
        time.sleep(0.5)
    time.sleep(2.5)  # no heartbeat for longer than JOB_STALE_AFTER_S: the worker is known to be gone
    mid = library.books.get(user, job.book_id)
    assert 3 <= mid.pages_done < PAGES and mid.status == "interrupted"
    assert [b.status for b in library.books.list(user)] == ["interrupted"]

    with running_app(tmp_path, **env) as app:
        deadline = time.monotonic() + 60
        while (book := library.books.get(user, job.book_id)).status != "ready":
            assert time.monotonic() < deadline, app.log_tail()
            time.sleep(0.05)
    assert book.pages_done == PAGES and [p.index for p in book.pages] == list(range(PAGES))
    assert library.jobs.get(user, job.id).status == "done"
    assert usage(library, book.id, "image") == PAGES, "no page was made (or paid for) twice"
    assert usage(library, book.id, "portrait") + usage(library, book.id, "image") == PAGES + 2
    assert usage(library, book.id, "story") == 1
    library.close()
    with sqlite3.connect(tmp_path / "memory-maker.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
