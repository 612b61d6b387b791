"""'Download all my data': one zip with the account, every character and every book (text, pictures, PDF).

Built only from the engine's owner-scoped public calls, so it can never include another family's data.
"""

from __future__ import annotations

import io
import json
import logging
import re
import zipfile

from engine import MemoryMakerError, Studio, User

log = logging.getLogger(__name__)


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-").lower()[:40] or "untitled"


def family_archive(studio: Studio, user: User) -> bytes:
    """The family's data as zip bytes: ``account.json``, ``characters/``, ``books/``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("account.json", user.model_dump_json(indent=2))
        _characters(studio, user, archive)
        _books(studio, user, archive)
    return out.getvalue()


def _characters(studio: Studio, user: User, archive: zipfile.ZipFile) -> None:
    for character in studio.characters.list(user):
        stem = f"characters/{character.id}-{_slug(character.name)}"
        archive.writestr(f"{stem}.json", character.model_dump_json(indent=2))
        portrait = studio.characters.portrait(user, character.id)
        if portrait:
            archive.writestr(f"{stem}.webp", portrait)


def _books(studio: Studio, user: User, archive: zipfile.ZipFile) -> None:
    for summary in studio.books.list(user):
        book = studio.books.get(user, summary.id)
        folder = f"books/{book.id}-{_slug(book.title)}"
        archive.writestr(f"{folder}/book.json", json.dumps(book.model_dump(mode="json"), indent=2))
        for page in book.pages:
            if page.image_id is not None:
                data, fmt = studio.books.image(user, page.image_id)
                archive.writestr(f"{folder}/page-{page.index + 1:02d}.{fmt}", data)
        if book.pages:
            try:
                archive.writestr(f"{folder}/book.pdf", studio.books.export_pdf(user, book.id))
            except MemoryMakerError:
                log.warning("book %s could not be exported as PDF for the archive", book.id)
