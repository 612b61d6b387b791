"""What a family has used and what it cost, month by month."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select

from engine.errors import ValidationError
from engine.models import User
from storage import tables as t
from storage.db import Database


class UsageLine(BaseModel):
    model_config = ConfigDict(frozen=True)
    what: str
    provider: str
    model: str
    count: int
    units: float
    cost_usd: float


class UsageSummary(BaseModel):
    """``studio.usage.summary(user)``: this month's books, pictures and cost in USD."""

    model_config = ConfigDict(frozen=True)
    month: str
    books: int
    pictures: int
    cost_usd: float
    lines: tuple[UsageLine, ...]


class Usage:
    def __init__(self, db: Database) -> None:
        self._db = db

    def summary(self, user: User, month: str | None = None) -> UsageSummary:
        start = _month_start(month)
        end = (
            start.replace(year=start.year + 1, month=1)
            if start.month == 12
            else start.replace(month=start.month + 1)
        )
        with self._db.read() as s:
            rows = s.execute(
                select(
                    t.UsageEvent.what,
                    t.UsageEvent.provider,
                    t.UsageEvent.model,
                    func.count(),
                    func.sum(t.UsageEvent.units),
                    func.sum(t.UsageEvent.cost_usd),
                )
                .where(t.UsageEvent.user_id == user.id, t.UsageEvent.at >= start, t.UsageEvent.at < end)
                .group_by(t.UsageEvent.what, t.UsageEvent.provider, t.UsageEvent.model)
                .order_by(t.UsageEvent.what)
            ).all()
            books = s.scalar(
                select(func.count())
                .select_from(t.Book)
                .where(t.Book.owner_id == user.id, t.Book.created_at >= start, t.Book.created_at < end)
            )
        lines = tuple(
            UsageLine(
                what=w, provider=p, model=m, count=int(c), units=float(u or 0), cost_usd=float(cost or 0)
            )
            for w, p, m, c, u, cost in rows
        )
        return UsageSummary(
            month=start.strftime("%Y-%m"),
            books=int(books or 0),
            pictures=sum(line.count for line in lines if line.what == "image"),
            cost_usd=round(sum(line.cost_usd for line in lines), 6),
            lines=lines,
        )


def _month_start(month: str | None) -> datetime:
    if month is None:
        today = datetime.now(UTC)
        return datetime(today.year, today.month, 1, tzinfo=UTC)
    try:
        parsed = datetime.strptime(month, "%Y-%m")
    except (TypeError, ValueError) as err:
        raise ValidationError("Month: use the form 2026-11.") from err
    return parsed.replace(tzinfo=UTC)
