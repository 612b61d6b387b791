"""The scaled mode: one app process enqueues, two `python -m engine worker` processes make the books
through Dramatiq on the real Redis, on PostgreSQL. A worker is SIGKILLed mid-run; every book finishes
with every page exactly once, and cancel works across processes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select

from engine import CharacterSpec, Settings, StorySettings, Studio
from storage import tables as t
from tests.processes import kill9, spawn, stop, wait_for_line

REDIS_URL = "redis://127.0.0.1:6379/0"
pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def namespace() -> Iterator[str]:
    try:
        client = redis.Redis.from_url(REDIS_URL)
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379") if not _in_ci() else pytest.fail("Redis must run in CI")
    ns = f"mm-test-{uuid.uuid4().hex[:10]}"
    yield ns
    keys = list(client.scan_iter(f"{ns}*"))
    if keys:
        client.delete(*keys)
    client.close()


def _in_ci() -> bool:
    import os

    return bool(os.environ.get("CI"))


def _env(postgres_url: str, namespace: str, tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": postgres_url,
        "JOB_QUEUE_URL": REDIS_URL,
        "JOB_QUEUE_NAMESPACE": namespace,
        "JOB_STALE_AFTER_S": "4",
        "OFFLINE_PICTURE_DELAY_S": "0.25",
        "PROVIDERS": "offline",
        "PICTURE_SIZE": "384",
        "DATA_DIR": str(tmp_path),
    }


def test_two_workers_finish_ten_books_even_when_one_is_killed(
    postgres_url: str, namespace: str, tmp_path: Path
) -> None:
    env = _env(postgres_url, namespace, tmp_path)
    app = Studio(Settings(_env_file=None, **{k.lower(): v for k, v in env.items()}))  # type: ignore[arg-type]
    workers = [
        spawn(["-m", "engine", "worker", "--threads", "2"], env, tmp_path / f"w{i}.log") for i in (1, 2)
    ]
    try:
        for i in (1, 2):
            wait_for_line(tmp_path / f"w{i}.log", "worker ready")
        books = []
        for f in range(5):
            user = app.accounts.register(f"family{f}@example.org", "correct horse battery")
            pet = app.characters.create(user, CharacterSpec(name=f"Pet{f}", kind="dog"))
            for b in range(2):
                job = app.books.start(user, StorySettings(character_ids=[pet.id], pages=6, seed=f * 10 + b))
                books.append((user, job))
        _wait_until(lambda: _pages_done(app) >= 12, 60)
        kill9(workers[0])
        _wait_until(lambda: all(app.jobs.get(u, j.id).finished for u, j in books), 120)
        for user, job in books:
            assert app.jobs.get(user, job.id).status == "done"
            book = app.books.get(user, job.book_id)
            assert book.status == "ready" and [p.index for p in book.pages] == list(range(6))
            assert all(p.image_id for p in book.pages)
            with app.db.read() as s:
                images = s.scalar(
                    select(func.count())
                    .select_from(t.UsageEvent)
                    .where(t.UsageEvent.book_id == book.id, t.UsageEvent.what == "image")
                )
            assert images == 6, "each page was made exactly once"
    finally:
        for w in workers:
            stop(w)
        app.close()


def test_cancel_reaches_a_worker_in_another_process(
    postgres_url: str, namespace: str, tmp_path: Path
) -> None:
    env = _env(postgres_url, namespace, tmp_path)
    app = Studio(Settings(_env_file=None, **{k.lower(): v for k, v in env.items()}))  # type: ignore[arg-type]
    worker = spawn(["-m", "engine", "worker", "--threads", "1"], env, tmp_path / "w.log")
    try:
        wait_for_line(tmp_path / "w.log", "worker ready")
        user = app.accounts.register("ann@example.org", "correct horse battery")
        sal = app.characters.create(user, CharacterSpec(name="Sal", kind="girl"))
        job = app.books.start(user, StorySettings(character_ids=[sal.id], pages=20, seed=1))
        _wait_until(lambda: app.jobs.get(user, job.id).done >= 3, 60)
        asked = time.monotonic()
        app.jobs.cancel(user, job.id)
        _wait_until(lambda: app.jobs.get(user, job.id).finished, 10)
        assert time.monotonic() - asked < 2.5
        assert app.jobs.get(user, job.id).status == "cancelled"
        assert 3 <= app.books.get(user, job.book_id).pages_done < 20
    finally:
        stop(worker)
        app.close()


def _pages_done(app: Studio) -> int:
    with app.db.read() as s:
        return int(
            s.scalar(select(func.count()).select_from(t.Page).where(t.Page.image_id.is_not(None))) or 0
        )


def _wait_until(condition: object, timeout: float) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")
