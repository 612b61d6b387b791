"""Several app processes on one PostgreSQL: nothing that matters lives in one process's memory.

A family signs in on one process and continues on the other; books started by several families are made
by both processes' workers; a process killed mid-book leaves the book to be finished by the other."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from engine import CharacterSpec, Settings, StorySettings, Studio
from storage import tables as t
from tests.app_server import AppServer, running_app

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.reliability]


def until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def worker_pid(studio: Studio, job_id: int) -> int | None:
    with studio.db.read() as s:
        worker = s.scalar(select(t.Job.worker).where(t.Job.id == job_id))
    return int(worker.split(":")[1]) if worker else None


def test_two_processes_share_sessions_work_and_recover_each_other(postgres_url: str, tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": postgres_url,
        "OFFLINE_PICTURE_DELAY_S": "0.3",
        "JOB_STALE_AFTER_S": "3",
        "WORKER_THREADS": "2",
        "PICTURE_SIZE": "384",
    }
    library = Studio(
        Settings(_env_file=None, database_url=postgres_url, providers="offline", job_stale_after_s=3),
        workers=False,
    )  # type: ignore[call-arg]
    with ExitStack() as stack:
        apps: list[AppServer] = [
            stack.enter_context(running_app(tmp_path / name, **env)) for name in ("a", "b")
        ]
        a, b = apps

        signed_in = httpx.post(
            f"{a.url}/auth/register",
            json={"email": "ann@example.org", "password": "correct horse battery", "display_name": "Ann"},
        )
        assert signed_in.status_code == 200, signed_in.text
        cookie = signed_in.cookies.get("mm_session")
        assert cookie
        user = library.accounts.authenticate(cookie)
        portrait = library.characters.create(user, CharacterSpec(name="Sal", kind="girl")).portrait_image_id
        on_b = httpx.get(f"{b.url}/media/images/{portrait}.webp", cookies={"mm_session": cookie})
        assert on_b.status_code == 200 and len(on_b.content) > 1000, "the session from A works on B"
        assert httpx.get(f"{b.url}/media/images/{portrait}.webp").status_code in (401, 403, 404)

        families = []
        for i in range(4):
            fam = library.accounts.register(f"family{i}@example.org", "correct horse battery")
            pet = library.characters.create(fam, CharacterSpec(name=f"Pet{i}", kind="dog"))
            families.append(
                (fam, library.books.start(fam, StorySettings(character_ids=[pet.id], pages=6, seed=i)))
            )
        until(lambda: all(library.jobs.get(f, j.id).finished for f, j in families), 120, "all books")
        assert all(library.jobs.get(f, j.id).status == "done" for f, j in families)
        pids = {worker_pid(library, j.id) for _, j in families}
        assert pids == {a.pid, b.pid}, "both processes made books"

        sal = library.characters.list(user)[0]
        job = library.books.start(user, StorySettings(character_ids=[sal.id], pages=20, seed=9))
        until(lambda: library.books.get(user, job.book_id).pages_done >= 3, 60, "a few pages")
        victim = worker_pid(library, job.id)
        assert victim in (a.pid, b.pid)
        os.kill(victim, signal.SIGKILL)
        kept = library.books.get(user, job.book_id).pages_done
        until(lambda: library.jobs.get(user, job.id).finished, 120, "the other process to finish the book")
        book = library.books.get(user, job.book_id)
        assert book.status == "ready" and book.pages_done == 20 and kept >= 3
        assert worker_pid(library, job.id) != victim
    library.close()
