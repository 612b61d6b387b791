"""The admin page's figures: families, books per day, how generation went, provider speed and cost.

Everything is read from the database (``users``, ``books``, ``jobs``, ``usage_events``, ``outbox``), so
every app process shows the same numbers. Only accounts with ``is_admin`` may read them.

>>> studio.admin.overview(admin_user).books_per_day[-1].count  # doctest: +SKIP
3
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from engine.errors import AuthError
from engine.mail.outbox import Outbox
from engine.models import User
from storage import tables as t
from storage.db import Database

WHOLE_BOOK_JOBS = ("generate", "resume", "restyle")
NOT_ADMIN = "This page is only for the people who run this Memory Maker."


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class DayCount(Frozen):
    day: date
    count: int


class DayOutcome(Frozen):
    """Whole-book jobs that ended on ``day``: how many finished, failed or were stopped."""

    day: date
    done: int
    failed: int
    cancelled: int

    @property
    def success_rate(self) -> float | None:
        ended = self.done + self.failed
        return self.done / ended if ended else None


class ProviderDay(Frozen):
    """One provider's day: books finished, seconds per page (mean and slowest), and what it cost."""

    day: date
    provider: str  # "offline:offline-art-1" (illustrator name and model)
    books: int
    seconds_per_page: float | None
    slowest_seconds_per_page: float | None
    cost_usd: float


class AdminOverview(Frozen):
    """``studio.admin.overview(user)``: the last ``days`` days, oldest first, days in UTC."""

    days: int
    families: int  # accounts with an email (guests are counted apart)
    guests: int
    new_families: int  # signed up in these days
    books: int  # all books ever made
    books_per_day: tuple[DayCount, ...]
    outcomes: tuple[DayOutcome, ...]
    providers: tuple[ProviderDay, ...]
    outbox: dict[str, int]

    @property
    def success_rate(self) -> float | None:
        done = sum(o.done for o in self.outcomes)
        ended = done + sum(o.failed for o in self.outcomes)
        return done / ended if ended else None


class Admin:
    """``studio.admin``: read-only figures for admins; everyone else gets ``AuthError``."""

    def __init__(self, db: Database, outbox: Outbox) -> None:
        self._db = db
        self._outbox = outbox

    def overview(self, user: User, days: int = 14) -> AdminOverview:
        days = max(1, min(int(days), 90))
        self.require_admin(user)
        today = datetime.now(UTC).date()
        first = today - timedelta(days=days - 1)
        since = datetime(first.year, first.month, first.day, tzinfo=UTC)
        calendar = [first + timedelta(days=n) for n in range(days)]
        with self._db.read() as s:
            guests = Counter(s.scalars(select(t.User.is_guest)).all())
            new = s.scalar(
                select(func.count())
                .select_from(t.User)
                .where(t.User.is_guest.is_(False), t.User.created_at >= since)
            )
            books = int(s.scalar(select(func.count()).select_from(t.Book)) or 0)
            made = Counter(
                d.date() for d in s.scalars(select(t.Book.created_at).where(t.Book.created_at >= since))
            )
            outcomes = _outcomes(s, since, calendar)
            providers = _providers(s, since)
        return AdminOverview(
            days=days,
            families=guests.get(False, 0),
            guests=guests.get(True, 0),
            new_families=int(new or 0),
            books=books,
            books_per_day=tuple(DayCount(day=d, count=made.get(d, 0)) for d in calendar),
            outcomes=outcomes,
            providers=providers,
            outbox=self._outbox.counts(),
        )

    def require_admin(self, user: User) -> None:
        """``AuthError`` unless the account is an admin right now (read afresh, not from ``user``)."""
        with self._db.read() as s:
            is_admin = s.scalar(select(t.User.is_admin).where(t.User.id == user.id))
        if not is_admin:
            raise AuthError(NOT_ADMIN)


def _outcomes(s: DbSession, since: datetime, calendar: list[date]) -> tuple[DayOutcome, ...]:
    rows = s.execute(
        select(t.Job.finished_at, t.Job.status).where(
            t.Job.finished_at >= since, t.Job.kind.in_(WHOLE_BOOK_JOBS)
        )
    ).all()
    per_day: dict[date, Counter[str]] = defaultdict(Counter)
    for finished, status in rows:
        if finished is not None:
            per_day[finished.date()][status] += 1
    return tuple(
        DayOutcome(
            day=d, done=per_day[d]["done"], failed=per_day[d]["failed"], cancelled=per_day[d]["cancelled"]
        )
        for d in calendar
    )


def _providers(s: DbSession, since: datetime) -> tuple[ProviderDay, ...]:
    """Seconds per page of the books each illustrator finished, and the day's cost by provider.

    Latency is measured on whole finished jobs (start to end over the pages made), which is what a family
    waits for; per-call times live in ``/metrics``.
    """
    jobs = s.execute(
        select(t.Job.started_at, t.Job.finished_at, t.Job.total, t.Book.recipe)
        .join(t.Book, t.Book.id == t.Job.book_id)
        .where(t.Job.finished_at >= since, t.Job.status == "done", t.Job.kind.in_(WHOLE_BOOK_JOBS))
    ).all()
    speeds: dict[tuple[date, str], list[float]] = defaultdict(list)
    for started, finished, total, recipe in jobs:
        if started is None or finished is None:
            continue
        ids = (recipe or {}).get("providers", {})
        name = f"{ids.get('illustrator', '?')}:{ids.get('illustrator_model', '?')}"
        seconds = max((finished - started).total_seconds(), 0.0)
        speeds[(finished.date(), name)].append(seconds / max(int(total) - 1, 1))
    costs: dict[tuple[date, str], float] = defaultdict(float)
    usage = s.execute(
        select(t.UsageEvent.at, t.UsageEvent.provider, t.UsageEvent.model, t.UsageEvent.cost_usd).where(
            t.UsageEvent.at >= since
        )
    ).all()
    for at, provider, model, cost in usage:
        costs[(at.date(), f"{provider}:{model}")] += float(cost or 0.0)
    return tuple(
        _provider_day(day, name, speeds.get((day, name), []), costs.get((day, name), 0.0))
        for day, name in sorted(set(speeds) | set(costs))
    )


def _provider_day(day: date, name: str, speeds: list[float], cost: float) -> ProviderDay:
    return ProviderDay(
        day=day,
        provider=name,
        books=len(speeds),
        seconds_per_page=round(statistics.fmean(speeds), 2) if speeds else None,
        slowest_seconds_per_page=round(max(speeds), 2) if speeds else None,
        cost_usd=round(cost, 4),
    )
