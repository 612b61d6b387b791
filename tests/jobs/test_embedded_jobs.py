"""Durable jobs in the embedded mode: start returns at once, progress is in the database, cancel and
resume keep every finished page, and nothing is made or counted twice."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine import NotFound, StorySettings, Studio, User
from engine.jobs import JobView
from storage import tables as t
from tests.conftest import REX, SAL, make_settings


@pytest.fixture
def slow_studio(tmp_path: Path) -> Iterator[Studio]:
    """Embedded workers with a fixed 0.3 s per picture, so a book takes a few seconds."""
    s = Studio(make_settings(tmp_path, offline_picture_delay_s=0.3, worker_threads=2), workers=True)
    yield s
    s.close()


def wait_for(studio: Studio, user: User, job_id: int, condition: str, timeout: float = 60) -> JobView:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = studio.jobs.get(user, job_id)
        if condition == "finished" and job.finished:
            return job
        if condition == "some pages" and job.done >= 3:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached {condition}")


def page_rows(studio: Studio, book_id: int) -> list[tuple[int, int | None]]:
    with studio.db.read() as s:
        rows = s.execute(select(t.Page.index, t.Page.image_id).where(t.Page.book_id == book_id)).all()
        return sorted((int(i), img) for i, img in rows)


def usage_count(studio: Studio, book_id: int, what: str) -> int:
    with studio.db.read() as s:
        n = s.scalar(
            select(func.count())
            .select_from(t.UsageEvent)
            .where(t.UsageEvent.book_id == book_id, t.UsageEvent.what == what)
        )
        return int(n or 0)


def test_start_returns_at_once_and_the_book_finishes_in_the_background(slow_studio: Studio) -> None:
    user = slow_studio.accounts.register("ann@example.org", "correct horse battery")
    sal = slow_studio.characters.create(user, SAL)
    began = time.monotonic()
    job = slow_studio.books.start(user, StorySettings(character_ids=[sal.id], pages=6, seed=1))
    assert time.monotonic() - began < 1.0
    assert job.status in ("queued", "running") and job.total == 7
    finished = wait_for(slow_studio, user, job.id, "finished")
    assert finished.status == "done" and finished.done == finished.total == 7
    book = slow_studio.books.get(user, job.book_id)
    assert book.status == "ready" and all(p.image_id for p in book.pages)
    assert usage_count(slow_studio, book.id, "image") == 6


def test_cancel_stops_within_two_seconds_keeps_pages_and_resume_finishes(slow_studio: Studio) -> None:
    user = slow_studio.accounts.register("ann@example.org", "correct horse battery")
    sal = slow_studio.characters.create(user, SAL)
    job = slow_studio.books.start(user, StorySettings(character_ids=[sal.id], pages=16, seed=2))
    wait_for(slow_studio, user, job.id, "some pages")
    asked = time.monotonic()
    slow_studio.jobs.cancel(user, job.id)
    stopped = wait_for(slow_studio, user, job.id, "finished", timeout=5)
    assert time.monotonic() - asked < 2.0
    assert stopped.status == "cancelled"
    kept = [img for _, img in page_rows(slow_studio, job.book_id) if img]
    assert 2 <= len(kept) < 16
    assert slow_studio.books.get(user, job.book_id).status == "cancelled"

    resumed = slow_studio.books.resume(user, job.book_id)
    wait_for(slow_studio, user, resumed.id, "finished")
    rows = page_rows(slow_studio, job.book_id)
    assert [i for i, _ in rows] == list(range(16)) and all(img for _, img in rows)
    assert set(kept) <= {img for _, img in rows}, "pages made before the cancel were not made again"
    assert usage_count(slow_studio, job.book_id, "image") == 16
    assert usage_count(slow_studio, job.book_id, "story") == 1


def test_queued_jobs_show_their_position(tmp_path: Path) -> None:
    studio = Studio(make_settings(tmp_path), workers=False)  # nobody takes the jobs
    ann = studio.accounts.register("ann@example.org", "correct horse battery")
    sal = studio.characters.create(ann, SAL)
    jobs = [studio.books.start(ann, StorySettings(character_ids=[sal.id], pages=4)) for _ in range(3)]
    assert [studio.jobs.get(ann, j.id).position for j in jobs] == [1, 2, 3]
    studio.jobs.cancel(ann, jobs[0].id)
    assert studio.jobs.get(ann, jobs[0].id).status == "cancelled"
    assert studio.jobs.get(ann, jobs[2].id).position == 2
    studio.close()


def test_generate_reports_progress_to_the_end(studio: Studio, family: User) -> None:
    sal, rex = studio.characters.create(family, SAL), studio.characters.create(family, REX)
    seen: list[tuple[int, int]] = []
    book = studio.books.generate(
        family,
        StorySettings(character_ids=[sal.id, rex.id], pages=5, seed=4),
        progress=lambda done, total, message: seen.append((done, total)),
    )
    assert book.status == "ready" and len(book.pages) == 5
    assert seen[-1] == (6, 6)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_regenerating_one_picture_changes_only_that_page(studio: Studio, family: User) -> None:
    sal = studio.characters.create(family, SAL)
    book = studio.books.generate(family, StorySettings(character_ids=[sal.id], pages=4, seed=5))
    before = {p.index: studio.books.page_image(family, book.id, p.index) for p in book.pages}
    job = studio.books.regenerate_picture(family, book.id, 2)
    studio.books.wait(family, job.id)
    after = {p.index: studio.books.page_image(family, book.id, p.index) for p in book.pages}
    assert after[2] != before[2]
    assert all(after[i] == before[i] for i in (0, 1, 3))
    assert studio.books.get(family, book.id).status == "ready"


def test_jobs_are_owner_scoped(studio: Studio, family: User, other_family: User) -> None:
    sal = studio.characters.create(family, SAL)
    job = studio.books.start(family, StorySettings(character_ids=[sal.id], pages=4))
    with pytest.raises(NotFound):
        studio.jobs.get(other_family, job.id)
    assert studio.jobs.list(other_family) == []
    assert [j.id for j in studio.jobs.list(family)] == [job.id]
