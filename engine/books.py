"""Books: start one (a durable job), follow it, read it, edit it, and export it."""

from __future__ import annotations

import builtins
import secrets
import time
from collections.abc import Callable
from datetime import timedelta

from PIL.Image import Image as PILImage
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from engine import book_views as views
from engine.book_exports import page_pictures, printable_book
from engine.characters import Characters
from engine.config import Settings
from engine.errors import Conflict, NotFound, QuotaExceeded, ValidationError
from engine.export.grid import preview_grid
from engine.export.pdf import PageSize, render_pdf
from engine.generation import BookMaker
from engine.guard import ContentGuard
from engine.jobs import ACTIVE, JobClaims, Jobs, JobView, enqueue, now
from engine.media import owned_image
from engine.models import Book, BookSummary, StorySettings, User
from engine.providers import Illustrator, StoryWriter
from engine.queueing import JobQueue
from engine.recipes import ProviderIds, Recipe
from engine.recovery import require_writable
from engine.validation import clean_text
from storage import tables as t
from storage.db import Database

Progress = Callable[[int, int, str], None]
MAX_ACTIVE_JOBS = 5
MAX_PAGE_TEXT = 1200


class Books:
    """``job = studio.books.start(user, settings)``; ``book = studio.books.generate(user, settings)``."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        characters: Characters,
        guard: ContentGuard,
        jobs: Jobs,
        claims: JobClaims,
        maker: BookMaker,
        queue: JobQueue,
        writer: StoryWriter,
        illustrator: Illustrator,
    ) -> None:
        self._db = db
        self._settings = settings
        self._characters = characters
        self._guard = guard
        self._jobs = jobs
        self._claims = claims
        self._maker = maker
        self._queue = queue
        self._writer = writer
        self._illustrator = illustrator

    # -- making ----------------------------------------------------------------------------------

    def start(self, user: User, settings: StorySettings, *, previously: str = "") -> JobView:
        """Queue a new book and return its job at once; the book is made in the background."""
        require_writable(self._db, self._settings, user)
        settings = _ensure_settings(settings)
        supported = getattr(self._writer, "languages", None)
        if supported is not None and settings.language not in supported:
            raise ValidationError(
                "Language: the built-in storyteller writes in English and Spanish. Other languages need "
                "the OpenAI storyteller."
            )
        self._guard.require_safe([settings.note], what="note")
        cast = self._characters.get_many(user, settings.character_ids)
        recipe = Recipe(
            settings=settings,
            character_ids=settings.character_ids,
            cast=tuple(c.spec for c in cast),
            seed=settings.seed if settings.seed is not None else secrets.randbelow(2**31),
            providers=ProviderIds(
                writer=self._writer.name,
                writer_model=self._writer.model,
                illustrator=self._illustrator.name,
                illustrator_model=self._illustrator.model,
            ),
            previously=previously,
        )
        with self._db.transaction() as s:
            self._check_quota(s, user, settings)
            book = t.Book(
                owner_id=user.id,
                status="generating",
                page_count=settings.pages,
                recipe=recipe.model_dump(mode="json"),
            )
            s.add(book)
            s.flush()
            job = enqueue(s, user_id=user.id, book_id=book.id, kind="generate", total=settings.pages + 1)
            job_id = job.id
        self._queue.submit(job_id)
        return self._jobs.get(user, job_id)

    def generate(
        self, user: User, settings: StorySettings, progress: Progress | None = None, *, timeout: float = 3600
    ) -> Book:
        """Make a whole book and return it: start + wait, calling ``progress(done, total, message)``."""
        job = self.start(user, settings)
        return self.wait(user, job.id, progress, timeout=timeout)

    def wait(
        self, user: User, job_id: int, progress: Progress | None = None, *, timeout: float = 3600
    ) -> Book:
        """Follow a job to its end (running it here if no worker has taken it) and return the book."""
        job = self._jobs.get(user, job_id)
        if job.status == "queued" and self._claims.claim(job_id):
            self._maker.run(job_id, progress)
        deadline = time.monotonic() + timeout
        last: tuple[int, int, str] | None = None
        while True:
            job = self._jobs.get(user, job_id)
            state = (job.done, job.total, job.message)
            if progress is not None and state != last:
                progress(*state)
            last = state
            if job.finished:
                return self.get(user, job.book_id)
            if time.monotonic() > deadline:
                raise Conflict(
                    "The book is still being made. It will appear in your library when it's ready."
                )
            time.sleep(0.2)

    def resume(self, user: User, book_id: int) -> JobView:
        """Finish a failed, cancelled or interrupted book: only the missing pages are made."""
        with self._db.transaction() as s:
            book = views.owned_book(s, user.id, book_id)
            active = self._active_job(s, book.id)
            if active is not None:
                return self._jobs.get(user, active)
            if book.status == "ready":
                raise Conflict("This book is already finished.")
            self._check_active_jobs(s, user)
            done = s.scalar(
                select(func.count())
                .select_from(t.Page)
                .where(t.Page.book_id == book.id, t.Page.image_id.is_not(None))
            )
            book.status = "generating"
            job = enqueue(
                s,
                user_id=user.id,
                book_id=book.id,
                kind="resume",
                total=book.page_count + 1,
            )
            job.done = int(done or 0) + (1 if book.story is not None else 0)
            job_id = job.id
        self._queue.submit(job_id)
        return self._jobs.get(user, job_id)

    def regenerate_picture(self, user: User, book_id: int, index: int) -> JobView:
        """Draw one page's picture again (a new variation); returns the job that does it."""
        with self._db.transaction() as s:
            book = views.owned_book(s, user.id, book_id)
            self._page(s, book, index)
            if self._active_job(s, book.id) is not None:
                raise Conflict("This book is still being made. Please wait until it's finished.")
            seed = secrets.randbelow(2**31)
            job = enqueue(
                s, user_id=user.id, book_id=book.id, kind="regenerate_page", total=1, page=index, seed=seed
            )
            job.done = 0
            job_id = job.id
        self._queue.submit(job_id)
        return self._jobs.get(user, job_id)

    # -- reading and editing ---------------------------------------------------------------------

    def list(self, user: User) -> builtins.list[BookSummary]:
        """The family's books, newest first."""
        with self._db.read() as s:
            return views.summaries(s, user.id)

    def get(self, user: User, book_id: int) -> Book:
        with self._db.read() as s:
            return views.full(s, views.owned_book(s, user.id, book_id))

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
        clean_text(cleaned.replace("\n", " "), field="Page text", max_len=MAX_PAGE_TEXT)
        self._guard.require_safe([cleaned], what="page")
        with self._db.transaction() as s:
            book = views.owned_book(s, user.id, book_id)
            page = self._page(s, book, index)
            page.text = cleaned
            page.audio_id = None
            book.updated_at = now()
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
            page = self._page(s, book, index)
            if page.image_id is None:
                return None
            return owned_image(s, user.id, page.image_id).data

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

    # -- internals -------------------------------------------------------------------------------

    def _check_quota(self, s: DbSession, user: User, settings: StorySettings) -> None:
        limits = self._settings.plan_limits(user.plan)
        if settings.pages > limits.pages_per_book:
            raise QuotaExceeded(f"Your plan allows books of up to {limits.pages_per_book} pages.")
        made_today = s.scalar(
            select(func.count())
            .select_from(t.Book)
            .where(t.Book.owner_id == user.id, t.Book.created_at > now() - timedelta(days=1))
        )
        if int(made_today or 0) >= limits.books_per_day:
            raise QuotaExceeded(
                f"Your plan allows {limits.books_per_day} new books a day. Please come back tomorrow!"
            )
        self._check_active_jobs(s, user)

    def _check_active_jobs(self, s: DbSession, user: User) -> None:
        active = s.scalar(
            select(func.count()).select_from(t.Job).where(t.Job.user_id == user.id, t.Job.status.in_(ACTIVE))
        )
        if int(active or 0) >= MAX_ACTIVE_JOBS:
            raise QuotaExceeded("You already have several books being made. Please wait for one to finish.")

    @staticmethod
    def _active_job(s: DbSession, book_id: int) -> int | None:
        return s.scalar(select(t.Job.id).where(t.Job.book_id == book_id, t.Job.status.in_(ACTIVE)).limit(1))

    @staticmethod
    def _page(s: DbSession, book: t.Book, index: int) -> t.Page:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < book.page_count:
            raise NotFound("We couldn't find that page.")
        page = s.scalar(select(t.Page).where(t.Page.book_id == book.id, t.Page.index == index))
        if page is None:
            raise Conflict("That page hasn't been written yet. Please wait a moment.")
        return page


def _ensure_settings(settings: object) -> StorySettings:
    if isinstance(settings, StorySettings):
        return settings
    if isinstance(settings, dict):
        return StorySettings.model_validate(settings)
    raise ValidationError("Please choose the story settings.")
