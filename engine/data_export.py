"""'Download all my data': one zip with a family's account, characters and books (recipes, pictures, PDFs).

Every row is read with the family's id in the query, so another family's data cannot end up in it.
"""

from __future__ import annotations

import io
import json
import logging
import re
import unicodedata
import zipfile
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from engine import book_views as views
from engine.book_exports import printable_book
from engine.characters import to_view
from engine.errors import MemoryMakerError, NotFound
from engine.export.pdf import render_pdf
from engine.models import User
from storage import tables as t
from storage.db import Database

log = logging.getLogger(__name__)

FORMAT = "memory-maker-export"
VERSION = 1
# Characters no file system (or zip tool) accepts in a name, plus anything invisible.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_ALREADY_COMPRESSED = (".webp", ".png", ".jpg", ".jpeg", ".pdf", ".mp3")


def safe_name(text: str, *, fallback: str, max_len: int = 60) -> str:
    """A file name that keeps the family's letters (any script) but never a path or hidden file.

    >>> safe_name("Zoë / Ñandú: día 1", fallback="book")
    'Zoë-Ñandú-día-1'
    >>> safe_name("../../etc", fallback="book")
    'etc'
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\.{2,}", "-", text)  # no "..", even inside a name
    text = re.sub(r"\s+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip(" .-")
    text = text[:max_len].rstrip(" .-")
    return text or fallback


class DataExport:
    """Builds a family's archive: ``DataExport(db).archive(user) -> bytes`` (a zip)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def archive(self, user: User) -> bytes:
        """``account.json``, ``characters/<id>-<name>.json`` (+ portrait) and ``books/<id>-<title>/``."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, self._db.read() as s:
            account = s.get(t.User, user.id)
            if account is None:
                raise NotFound("We couldn't find that account.")
            _write_json(archive, "account.json", _account(account))
            for character in s.scalars(
                select(t.Character).where(t.Character.owner_id == user.id).order_by(t.Character.id)
            ):
                self._character(s, archive, user, character)
            for book in s.scalars(select(t.Book).where(t.Book.owner_id == user.id).order_by(t.Book.id)):
                self._book(s, archive, user, book)
        return out.getvalue()

    def _character(self, s: DbSession, archive: zipfile.ZipFile, user: User, row: t.Character) -> None:
        stem = f"{row.id}-{safe_name(row.name, fallback='character')}"
        record = to_view(row).model_dump(mode="json")
        portrait = _image(s, user, row.portrait_image_id)
        if portrait is not None:
            record["portrait"] = f"{stem}.{portrait.format}"
            _write(archive, f"characters/{stem}.{portrait.format}", portrait.data)
        _write_json(archive, f"characters/{stem}.json", record)

    def _book(self, s: DbSession, archive: zipfile.ZipFile, user: User, row: t.Book) -> None:
        folder = f"books/{row.id}-{safe_name(row.title, fallback='untitled')}"
        _write_json(archive, f"{folder}/recipe.json", row.recipe)
        story = views.full(s, row).model_dump(mode="json", exclude={"settings", "cast"})
        story["written"] = row.story  # the writer's story before any page edits (refrain, summary, beats)
        pages = {p.index: p for p in s.scalars(select(t.Page).where(t.Page.book_id == row.id))}
        for record in story["pages"]:
            page = pages.get(record["index"])
            if page is not None:  # None: added after the view was read (not one snapshot on PostgreSQL)
                _page_media(s, archive, user, folder, record, page)
        _write_json(archive, f"{folder}/story.json", story)
        if pages:
            self._pdf(s, archive, user, row, f"{folder}/book.pdf")

    @staticmethod
    def _pdf(s: DbSession, archive: zipfile.ZipFile, user: User, row: t.Book, name: str) -> None:
        try:
            _write(archive, name, render_pdf(printable_book(s, user, row)))
        except MemoryMakerError:
            # One book that can't be printed must not cost the family the rest of their archive.
            log.warning("book %s could not be printed for the data export", row.id, exc_info=True)


def _account(row: t.User) -> dict[str, Any]:
    """The profile only: never the password hash, sessions or emailed tokens."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "id": row.id,
        "email": row.email,
        "display_name": row.display_name,
        "plan": row.plan,
        "is_guest": row.is_guest,
        "is_admin": row.is_admin,
        "email_confirmed_at": row.email_confirmed_at.isoformat() if row.email_confirmed_at else None,
        "notify_book_ready": row.notify_book_ready,
        "created_at": row.created_at.isoformat(),
    }


def _page_media(
    s: DbSession, archive: zipfile.ZipFile, user: User, folder: str, record: dict[str, Any], page: t.Page
) -> None:
    """The page's picture and read-aloud sound, named in ``story.json`` beside the page."""
    media: tuple[tuple[str, t.Image | t.Audio | None], ...] = (
        ("picture", _image(s, user, page.image_id)),
        ("audio", _audio(s, user, page)),
    )
    for kind, row in media:
        if row is not None:
            name = f"page-{page.index + 1:02d}.{row.format}"
            record[kind] = name
            _write(archive, f"{folder}/{name}", row.data)


def _image(s: DbSession, user: User, image_id: int | None) -> t.Image | None:
    if image_id is None:
        return None
    return s.scalar(select(t.Image).where(t.Image.id == image_id, t.Image.owner_id == user.id))


def _audio(s: DbSession, user: User, page: t.Page) -> t.Audio | None:
    if page.audio_id is None:
        return None
    return s.scalar(select(t.Audio).where(t.Audio.id == page.audio_id, t.Audio.owner_id == user.id))


def _write_json(archive: zipfile.ZipFile, name: str, value: Any) -> None:
    _write(archive, name, json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8"))


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    stored = name.lower().endswith(_ALREADY_COMPRESSED)
    archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
