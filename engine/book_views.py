"""Turning book rows into the views the engine hands out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import defer

from engine.errors import Conflict, NotFound, ValidationError
from engine.models import Book, BookSummary, PageView, Scene
from engine.recipes import Recipe
from engine.validation import checked_text
from storage import tables as t

STALE_AFTER_S = 30.0  # Settings.job_stale_after_s's default; the services pass the configured value


def owned_book(s: DbSession, user_id: int, book_id: int) -> t.Book:
    """The book if it is this family's; a missing id and another family's id look the same."""
    if not isinstance(book_id, int) or isinstance(book_id, bool) or not 0 < book_id < 2**62:
        raise NotFound("We couldn't find that book.")
    row = s.get(t.Book, book_id)
    if row is None or row.owner_id != user_id:
        raise NotFound("We couldn't find that book.")
    return row


def owned_page(s: DbSession, book: t.Book, index: int) -> t.Page:
    """Page ``index`` of an (already owner-checked) book; ``Conflict`` if it isn't written yet."""
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < book.page_count:
        raise NotFound("We couldn't find that page.")
    page = s.scalar(select(t.Page).where(t.Page.book_id == book.id, t.Page.index == index))
    if page is None:
        raise Conflict("That page hasn't been written yet. Please wait a moment.")
    return page


def shown_status(s: DbSession, rows: list[t.Book], stale_after_s: float) -> dict[int, str]:
    """Each book's status as a family should see it: a book whose worker stopped heart-beating is
    "interrupted" (it will be taken up again), not "generating"."""
    making = [r.id for r in rows if r.status == "generating"]
    stalled: set[int] = set()
    if making:
        cutoff = datetime.now(UTC) - timedelta(seconds=stale_after_s)
        stalled = set(
            s.scalars(
                select(t.Job.book_id).where(
                    t.Job.book_id.in_(making), t.Job.status == "running", t.Job.heartbeat_at < cutoff
                )
            ).all()
        )
    return {r.id: "interrupted" if r.id in stalled else r.status for r in rows}


def summary(s: DbSession, row: t.Book, stale_after_s: float = STALE_AFTER_S) -> BookSummary:
    done, cover = _progress(s, row.id)
    return BookSummary(
        id=row.id,
        title=row.title or "A new story",
        status=shown_status(s, [row], stale_after_s)[row.id],
        page_count=row.page_count,
        pages_done=done,
        style=str(row.recipe.get("settings", {}).get("style", "")),
        cover_image_id=cover,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version_of_id=row.version_of_id,
        series_id=row.series_id,
        series_index=row.series_index,
    )


def full(s: DbSession, row: t.Book, stale_after_s: float = STALE_AFTER_S) -> Book:
    recipe = Recipe.model_validate(row.recipe)
    pages = s.scalars(select(t.Page).where(t.Page.book_id == row.id).order_by(t.Page.index)).all()
    head = summary(s, row, stale_after_s)
    return Book(
        **head.model_dump(),
        settings=recipe.settings,
        cast=recipe.cast,
        pages=tuple(
            PageView(
                index=p.index,
                text=p.text,
                scene=Scene.model_validate(p.scene) if p.scene else None,
                image_id=p.image_id,
                audio_id=p.audio_id,
            )
            for p in pages
        ),
        error=row.error,
    )


def summaries(
    s: DbSession, user_id: int, limit: int = 500, stale_after_s: float = STALE_AFTER_S
) -> list[BookSummary]:
    rows = s.scalars(
        select(t.Book)
        .options(defer(t.Book.story), defer(t.Book.error))
        .where(t.Book.owner_id == user_id)
        .order_by(t.Book.created_at.desc(), t.Book.id.desc())
        .limit(limit)
    ).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    statuses = shown_status(s, list(rows), stale_after_s)
    counts = dict(
        s.execute(
            select(t.Page.book_id, func.count())
            .where(t.Page.book_id.in_(ids), t.Page.image_id.is_not(None))
            .group_by(t.Page.book_id)
        ).all()
    )
    covers = dict(
        s.execute(
            select(t.Page.book_id, t.Page.image_id).where(t.Page.book_id.in_(ids), t.Page.index == 0)
        ).all()
    )
    return [
        BookSummary(
            id=r.id,
            title=r.title or "A new story",
            status=statuses[r.id],
            page_count=r.page_count,
            pages_done=int(counts.get(r.id, 0)),
            style=str(r.recipe.get("settings", {}).get("style", "")),
            cover_image_id=covers.get(r.id),
            created_at=r.created_at,
            updated_at=r.updated_at,
            version_of_id=r.version_of_id,
            series_id=r.series_id,
            series_index=r.series_index,
        )
        for r in rows
    ]


def clean_title(title: str) -> str:
    if not isinstance(title, str):
        raise ValidationError("Title: please type a title.")
    return checked_text(title, field="Title", max_len=120)


def _progress(s: DbSession, book_id: int) -> tuple[int, int | None]:
    done = s.scalar(
        select(func.count())
        .select_from(t.Page)
        .where(t.Page.book_id == book_id, t.Page.image_id.is_not(None))
    )
    cover = s.scalar(select(t.Page.image_id).where(t.Page.book_id == book_id, t.Page.index == 0))
    return int(done or 0), cover
