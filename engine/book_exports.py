"""Gathering a stored book into the exporters' input (PDF, EPUB, picture grid)."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from engine.export.document import CastEntry, ParentsCornerPage, PrintableBook, PrintablePage
from engine.models import Story, User
from engine.recipes import Recipe
from storage import tables as t

log = logging.getLogger(__name__)


def printable_book(s: DbSession, user: User, book: t.Book) -> PrintableBook:
    recipe = Recipe.model_validate(book.recipe)
    pages = s.scalars(select(t.Page).where(t.Page.book_id == book.id).order_by(t.Page.index)).all()
    images = _image_bytes(s, user.id, [p.image_id for p in pages])
    portraits = _portraits(s, user.id, recipe)
    return PrintableBook(
        title=book.title or "A new story",
        byline=f"A Memory Maker story for {user.display_name}",
        language=recipe.settings.language,
        cast=tuple(CastEntry(spec.name, portraits.get(i)) for i, spec in enumerate(recipe.cast)),
        pages=tuple(PrintablePage(p.text, images.get(p.image_id) if p.image_id else None) for p in pages),
        parents_corner=_parents_corner(book, recipe) if recipe.settings.parents_corner else None,
    )


def page_pictures(s: DbSession, user: User, book: t.Book) -> list[bytes | None]:
    """Each page's picture in reading order (None where it isn't drawn yet)."""
    pages = s.scalars(select(t.Page).where(t.Page.book_id == book.id).order_by(t.Page.index)).all()
    images = _image_bytes(s, user.id, [p.image_id for p in pages])
    found: list[bytes | None] = [images.get(p.image_id) if p.image_id else None for p in pages]
    return found + [None] * (book.page_count - len(found))


def _image_bytes(s: DbSession, owner_id: int, ids: list[int | None]) -> dict[int, bytes]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = s.execute(
        select(t.Image.id, t.Image.data).where(t.Image.id.in_(wanted), t.Image.owner_id == owner_id)
    )
    return {image_id: data for image_id, data in rows.all()}


def _portraits(s: DbSession, owner_id: int, recipe: Recipe) -> dict[int, bytes]:
    """Current portraits of the cast members that still exist (deleted ones print an initial)."""
    out: dict[int, bytes] = {}
    for i, character_id in enumerate(recipe.character_ids):
        row = s.get(t.Character, character_id)
        if row is None or row.owner_id != owner_id or row.portrait_image_id is None:
            continue
        image = s.get(t.Image, row.portrait_image_id)
        if image is not None and image.owner_id == owner_id:
            out[i] = image.data
    return out


def _parents_corner(book: t.Book, recipe: Recipe) -> ParentsCornerPage | None:
    if book.story is None:
        return None
    from engine.story.parents_corner import parents_corner

    story = Story.model_validate(book.story)
    settings = recipe.settings
    corner = parents_corner(story, settings.moral, settings.age_group, settings.language)
    return ParentsCornerPage(questions=tuple(corner.questions), note=corner.note)
