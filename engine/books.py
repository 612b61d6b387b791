"""Books: read them, edit them and export them (making them is ``engine.book_making``)."""

from __future__ import annotations

import builtins
from typing import Any

from PIL.Image import Image as PILImage
from sqlalchemy import select

from engine import book_views as views
from engine.book_exports import page_pictures, printable_book
from engine.book_making import BookMaking
from engine.errors import ValidationError
from engine.export.grid import preview_grid
from engine.export.pdf import PageSize, render_pdf
from engine.jobs import now
from engine.media import owned_image
from engine.models import Book, BookSummary, Story, User
from engine.read_aloud import ReadAloud
from engine.recipes import Recipe
from engine.story.parents_corner import ParentsCorner, parents_corner
from engine.validation import checked_text
from storage import tables as t

MAX_PAGE_TEXT = 1200


class Books(BookMaking):
    """``job = studio.books.start(user, settings)``; ``book = studio.books.generate(user, settings)``;
    then read, edit, export and re-make books (see ``BookMaking``)."""

    def __init__(self, *args: Any, read_aloud: ReadAloud, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_aloud = read_aloud

    def read_aloud(self, user: User, book_id: int, index: int) -> tuple[bytes, str]:
        """One page read aloud (narrator plus a voice per character): audio bytes and "wav" or "mp3"."""
        return self._read_aloud.page_audio(user, book_id, index)

    @property
    def can_read_aloud(self) -> bool:
        return self._read_aloud.available

    # -- reading and editing ---------------------------------------------------------------------

    def list(self, user: User) -> builtins.list[BookSummary]:
        """The family's books, newest first."""
        with self._db.read() as s:
            return views.summaries(s, user.id, stale_after_s=self._settings.job_stale_after_s)

    def get(self, user: User, book_id: int) -> Book:
        with self._db.read() as s:
            return views.full(s, views.owned_book(s, user.id, book_id), self._settings.job_stale_after_s)

    def rename(self, user: User, book_id: int, title: str) -> Book:
        title = views.clean_title(title)
        self._guard.require_safe([title], what="title")
        with self._db.transaction() as s:
            book = views.owned_book(s, user.id, book_id)
            book.title = title
        return self.get(user, book_id)

    def edit_page(self, user: User, book_id: int, index: int, text: str) -> Book:
        """Replace one page's words (the picture stays)."""
        if not isinstance(text, str):
            raise ValidationError("Page text: please type some words.")
        cleaned = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
        checked_text(cleaned.replace("\n", " "), field="Page text", max_len=MAX_PAGE_TEXT)
        self._guard.require_safe([cleaned], what="page")
        with self._db.transaction() as s:
            book = views.owned_book(s, user.id, book_id)
            page = views.owned_page(s, book, index)
            old_audio, page.text, page.audio_id = page.audio_id, cleaned, None
            book.updated_at = now()
            s.flush()
            if old_audio is not None and not s.scalar(
                select(t.Page.id).where(t.Page.audio_id == old_audio).limit(1)
            ):
                audio = s.get(t.Audio, old_audio)
                if audio is not None:
                    s.delete(audio)
        return self.get(user, book_id)

    def delete(self, user: User, book_id: int) -> None:
        """Delete a book with its pages and pictures (a running job for it stops)."""
        with self._db.transaction() as s:
            book = views.owned_book(s, user.id, book_id)
            image_ids = [p.image_id for p in book.pages if p.image_id is not None]
            s.delete(book)
            s.flush()
            for image_id in image_ids:
                image = s.get(t.Image, image_id)
                if image is not None:
                    s.delete(image)

    def image(self, user: User, image_id: int) -> tuple[bytes, str]:
        """A picture's bytes and format, only for its owner."""
        with self._db.read() as s:
            row = owned_image(s, user.id, image_id)
            return row.data, row.format

    def page_image(self, user: User, book_id: int, index: int) -> bytes | None:
        with self._db.read() as s:
            book = views.owned_book(s, user.id, book_id)
            page = views.owned_page(s, book, index)
            if page.image_id is None:
                return None
            return owned_image(s, user.id, page.image_id).data

    def parents_corner(self, user: User, book_id: int) -> ParentsCorner | None:
        """Three questions about the moral and the reading level, for the end of the book view.

        ``None`` while the story isn't written yet, or when the family switched the corner off.
        """
        with self._db.read() as s:
            book = views.owned_book(s, user.id, book_id)
            recipe, story = Recipe.model_validate(book.recipe), book.story
            pages = s.scalars(select(t.Page.text).where(t.Page.book_id == book.id).order_by(t.Page.index))
            words = list(pages)
        if story is None or not recipe.settings.parents_corner:
            return None
        written = Story.model_validate(story)
        # The family's own edits to the words are what gets read, so they are what gets measured.
        edited = tuple(p.model_copy(update={"text": w}) for p, w in zip(written.pages, words, strict=False))
        kept, settings = written.model_copy(update={"pages": edited}), recipe.settings
        return parents_corner(kept, settings.moral, settings.age_group, settings.language)

    # -- exporting -------------------------------------------------------------------------------

    def export_pdf(
        self, user: User, book_id: int, *, size: PageSize = "square", bleed: bool = False
    ) -> bytes:
        """A print-ready PDF: 8.5 in square (default), ``"a4"`` or ``"letter"``; bleed optional."""
        if size not in ("square", "a4", "letter") or not isinstance(bleed, bool):
            raise ValidationError("Print size: choose square, A4 or US Letter.")
        with self._db.read() as s:
            doc = printable_book(s, user, views.owned_book(s, user.id, book_id))
        return render_pdf(doc, size=size, bleed=bleed)

    def export_epub(self, user: User, book_id: int) -> bytes:
        """The book as an EPUB 3 e-book."""
        from engine.export.epub import render_epub

        with self._db.read() as s:
            doc = printable_book(s, user, views.owned_book(s, user.id, book_id))
        return render_epub(doc)

    def preview_grid(self, user: User, book_id: int, *, tile: int = 256) -> PILImage:
        """All the page pictures in one image, in reading order (blank tiles for pages not drawn yet)."""
        with self._db.read() as s:
            pictures = page_pictures(s, user, views.owned_book(s, user.id, book_id))
        return preview_grid(pictures, tile=tile)
