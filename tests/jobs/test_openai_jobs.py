"""Whole books through the Studio with the OpenAI providers, against the loopback OpenAI server:
parallel pages, faults with resume, quotas before any paid call, and the cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine import CharacterSpec, QuotaExceeded, StorySettings, Studio, User
from engine.config import PlanLimits
from storage import tables as t
from tests.conftest import make_settings
from tests.fakes.conftest_openai import openai_settings_fields
from tests.fakes.openai_server import FakeOpenAIServer

TRANSIENT = ("429", "500", "hang", "cut", "malformed")
PAID = ("chat.completions", "images.generations", "images.edits")


def openai_studio(server: FakeOpenAIServer, tmp_path: Path, **overrides: object) -> Studio:
    fields = {**openai_settings_fields(server), "openai_image_concurrency": 6, **overrides}
    return Studio(make_settings(tmp_path, **fields), workers=False)


@pytest.fixture
def family_and_cast(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> Iterator[tuple[Studio, User, list[int]]]:
    studio = openai_studio(openai_server, tmp_path)
    user = studio.accounts.register("ann@example.org", "correct horse battery")
    ids = [
        studio.characters.create(user, CharacterSpec(name="Ava", kind="girl", traits=("curious",))).id,
        studio.characters.create(user, CharacterSpec(name="Bo", kind="bear", skin="#8b5a2b")).id,
    ]
    yield studio, user, ids
    studio.close()


def paid_usage_events(studio: Studio, book_id: int | None = None) -> int:
    with studio.db.read() as s:
        q = select(func.count()).select_from(t.UsageEvent).where(t.UsageEvent.units > 0)
        if book_id is not None:
            q = q.where(t.UsageEvent.book_id == book_id)
        return int(s.scalar(q) or 0)


def test_a_whole_book_is_made_with_openai_with_pages_in_parallel(
    openai_server: FakeOpenAIServer, family_and_cast: tuple[Studio, User, list[int]]
) -> None:
    studio, user, ids = family_and_cast
    openai_server.configure(latency={"images.edits": 0.3, "images.generations": 0.3})
    book = studio.books.generate(user, StorySettings(character_ids=ids, pages=6, style="bedtime", seed=3))
    assert book.status == "ready" and len(book.pages) == 6 and all(p.image_id for p in book.pages)
    assert openai_server.stats.succeeded["images.generations"] == 2  # one portrait per character
    assert openai_server.stats.succeeded["images.edits"] == 6  # pages drawn from the portraits
    assert openai_server.stats.peak_in_flight["images.edits"] >= 3
    assert paid_usage_events(studio, book.id) == 1 + 2 + 6
    assert studio.usage.summary(user).cost_usd > 0


@pytest.mark.slow
def test_thirty_percent_faults_leave_books_ready_or_resumable_and_costs_match(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    studio = openai_studio(openai_server, tmp_path, openai_timeout_s=1.0, openai_max_retries=1)
    user = studio.accounts.register("ann@example.org", "correct horse battery")
    ids = [studio.characters.create(user, CharacterSpec(name="Ava", kind="girl")).id]
    openai_server.configure(fault_rate=0.3, fault_kinds=TRANSIENT, seed=11, hang_s=2.0)
    book = studio.books.generate(user, StorySettings(character_ids=ids, pages=8, seed=9))
    resumes = 0
    while book.status != "ready" and resumes < 10:
        kept = {p.index: p.image_id for p in book.pages if p.image_id}
        assert book.status == "failed" and book.error
        book = studio.books.wait(user, studio.books.resume(user, book.id).id)
        assert all(book.pages[i].image_id == img for i, img in kept.items()), "finished pages are kept"
        resumes += 1
    assert book.status == "ready" and all(p.image_id for p in book.pages)
    assert sum(openai_server.stats.faults.values()) > 0
    assert paid_usage_events(studio) == sum(openai_server.stats.succeeded[e] for e in PAID)
    with studio.db.read() as s:
        pages = s.scalar(select(func.count()).select_from(t.Page).where(t.Page.book_id == book.id))
    assert pages == 8
    studio.close()


def test_an_over_quota_family_is_refused_before_any_request(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    limits = PlanLimits(books_per_day=1, pages_per_book=8, running_jobs=1)
    studio = openai_studio(openai_server, tmp_path, plan_free=limits)
    user = studio.accounts.register("ann@example.org", "correct horse battery")
    ids = [studio.characters.create(user, CharacterSpec(name="Ava", kind="girl")).id]
    with pytest.raises(QuotaExceeded, match="up to 8 pages"):
        studio.books.start(user, StorySettings(character_ids=ids, pages=12))
    studio.books.generate(user, StorySettings(character_ids=ids, pages=4, seed=1))
    before = sum(openai_server.stats.received[e] for e in PAID)
    with pytest.raises(QuotaExceeded, match="1 new books a day"):
        studio.books.start(user, StorySettings(character_ids=ids, pages=4, seed=2))
    assert sum(openai_server.stats.received[e] for e in PAID) == before
    studio.close()


def test_an_identical_second_book_costs_nothing(
    openai_server: FakeOpenAIServer, family_and_cast: tuple[Studio, User, list[int]]
) -> None:
    studio, user, ids = family_and_cast
    settings = StorySettings(character_ids=ids, pages=4, seed=21)
    first = studio.books.generate(user, settings)
    calls = sum(openai_server.stats.received[e] for e in PAID)
    second = studio.books.generate(user, settings)
    assert second.status == "ready" and second.id != first.id
    assert sum(openai_server.stats.received[e] for e in PAID) == calls
    assert paid_usage_events(studio, second.id) == 0
    assert [p.text for p in second.pages] == [p.text for p in first.pages]
