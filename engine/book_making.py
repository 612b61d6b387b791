"""Making books: start one as a durable job, follow it, resume it, redraw a page, re-style or rebuild it
as a new version, and start the next adventure in a series."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from engine import book_views as views
from engine.catalog import ArtStyle, choices
from engine.characters import Characters
from engine.config import Settings
from engine.errors import Conflict, NotFound, QuotaExceeded, ValidationError
from engine.generation import BookMaker
from engine.guard import ContentGuard
from engine.jobs import ACTIVE, JobClaims, Jobs, JobView, enqueue, now
from engine.models import Book, CharacterSpec, Story, StorySettings, User
from engine.queueing import JobQueue
from engine.recipes import ProviderIds, Recipe
from engine.recovery import require_writable
from engine.registry import Providers
from storage import tables as t
from storage.db import Database

Progress = Callable[[int, int, str], None]
MAX_ACTIVE_JOBS = 5
SERIES_MEMORY = 3  # how many earlier books a sequel remembers


class BookMaking:
    """The making half of ``studio.books``."""

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
        provider_sets: Mapping[str, Providers],
        default_providers: str,
    ) -> None:
        self._db = db
        self._settings = settings
        self._characters = characters
        self._guard = guard
        self._jobs = jobs
        self._claims = claims
        self._maker = maker
        self._queue = queue
        self._sets = dict(provider_sets)
        self._default = default_providers

    def start(self, user: User, settings: StorySettings) -> JobView:
        """Queue a new book and return its job at once; the book is made in the background."""
        settings = _ensure_settings(settings)
        cast = self._characters.get_many(user, settings.character_ids)
        return self._new_book(user, settings, tuple(c.spec for c in cast), kind="generate")

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
                with self._db.read() as s:
                    book = views.owned_book(s, user.id, job.book_id)
                    return views.full(s, book, self._settings.job_stale_after_s)
            if time.monotonic() > deadline:
                raise Conflict(
                    "The book is still being made. It will appear in your library when it's ready."
                )
            time.sleep(0.2)

    def resume(self, user: User, book_id: int) -> JobView:
        """Finish a failed, cancelled or interrupted book: only the missing pages are made."""
        with self._db.transaction() as s:
            book = views.owned_book(s, user.id, book_id)
            active = _active_job(s, book.id)
            if active is not None:
                return self._jobs.get(user, active)
            if book.status == "ready":
                raise Conflict("This book is already finished.")
            _check_active_jobs(s, user)
            done = s.scalar(
                select(func.count())
                .select_from(t.Page)
                .where(t.Page.book_id == book.id, t.Page.image_id.is_not(None))
            )
            book.status = "generating"
            job = enqueue(s, user_id=user.id, book_id=book.id, kind="resume", total=book.page_count + 1)
            job.done = int(done or 0) + (1 if book.story is not None else 0)
            job_id = job.id
        self._queue.submit(job_id)
        return self._jobs.get(user, job_id)

    def regenerate_picture(self, user: User, book_id: int, index: int) -> JobView:
        """Draw one page's picture again (a new variation); returns the job that does it."""
        with self._db.transaction() as s:
            book = views.owned_book(s, user.id, book_id)
            if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < book.page_count:
                raise NotFound("We couldn't find that page.")
            if _active_job(s, book.id) is not None:
                raise Conflict("This book is still being made. Please wait until it's finished.")
            seed = secrets.randbelow(2**31)
            job = enqueue(
                s, user_id=user.id, book_id=book.id, kind="regenerate_page", total=1, page=index, seed=seed
            )
            job_id = job.id
        self._queue.submit(job_id)
        return self._jobs.get(user, job_id)

    def restyle(self, user: User, book_id: int, style: ArtStyle) -> JobView:
        """Redraw every picture in another art style as a new version; the original stays as it is."""
        if style not in choices(ArtStyle):
            raise ValidationError("Art style: please choose one of the styles offered.")
        original, story = self._finished_original(user, book_id)
        settings = original.settings.replace(style=style)
        return self._new_book(user, settings, original.cast, kind="restyle", story=story, version_of=book_id)

    def rebuild(self, user: User, book_id: int, providers: str | None = None) -> JobView:
        """Remake a book (story and pictures) with other providers, e.g. ``"openai"``, as a new version."""
        name = providers or self._default
        if name not in self._sets:
            raise ValidationError(
                f"Providers: {name!r} isn't set up here. Choose one of: {', '.join(self._sets)}."
            )
        original, _, _ = self._original_row(user, book_id)
        return self._new_book(
            user, original.settings, original.cast, kind="generate", providers=name, version_of=book_id
        )

    def next_adventure(self, user: User, book_id: int, **changes: object) -> JobView:
        """Start the next book in a series: same cast, remembering what happened in earlier books."""
        original, series_id, series_index = self._original_row(user, book_id)
        settings = original.settings.replace(seed=None, **changes)
        previously = self._series_memory(user, series_id)
        return self._new_book(
            user,
            settings,
            original.cast,
            kind="generate",
            previously=previously,
            series=(series_id, series_index + 1),
        )

    # -- internals --------------------------------------------------------------------------------

    def _new_book(
        self,
        user: User,
        settings: StorySettings,
        cast: tuple[CharacterSpec, ...],
        *,
        kind: str,
        story: Story | None = None,
        providers: str | None = None,
        previously: str = "",
        version_of: int | None = None,
        series: tuple[int, int] | None = None,
    ) -> JobView:
        require_writable(self._db, self._settings, user)
        chosen = self._sets[providers or self._default]
        supported = getattr(chosen.writer, "languages", None)
        if story is None and supported is not None and settings.language not in supported:
            raise ValidationError(
                "Language: the built-in storyteller writes in English and Spanish. Other languages need "
                "the OpenAI storyteller."
            )
        self._guard.require_safe([settings.note], what="note")
        recipe = Recipe(
            settings=settings,
            character_ids=settings.character_ids,
            cast=cast,
            seed=settings.seed if settings.seed is not None else secrets.randbelow(2**31),
            providers=ProviderIds(
                writer=chosen.writer.name,
                writer_model=chosen.writer.model,
                illustrator=chosen.illustrator.name,
                illustrator_model=chosen.illustrator.model,
            ),
            previously=previously,
        )
        with self._db.transaction() as s:
            _check_quota(s, self._settings, user, settings)
            book = t.Book(
                owner_id=user.id,
                status="generating",
                page_count=settings.pages,
                recipe=recipe.model_dump(mode="json"),
                version_of_id=version_of,
            )
            s.add(book)
            s.flush()
            book.series_id, book.series_index = series if series is not None else (book.id, 1)
            if story is not None:
                _copy_story(s, book, story)
            total = settings.pages + 1
            job = enqueue(s, user_id=user.id, book_id=book.id, kind=kind, total=total)
            job.done = 1 if story is not None else 0
            job_id = job.id
        self._queue.submit(job_id)
        return self._jobs.get(user, job_id)

    def _original_row(self, user: User, book_id: int) -> tuple[Recipe, int, int]:
        with self._db.read() as s:
            book = views.owned_book(s, user.id, book_id)
            return Recipe.model_validate(book.recipe), book.series_id or book.id, book.series_index

    def _finished_original(self, user: User, book_id: int) -> tuple[Recipe, Story]:
        with self._db.read() as s:
            book = views.owned_book(s, user.id, book_id)
            if book.story is None:
                raise Conflict("This book's story isn't written yet. Please wait until it's finished.")
            pages = s.scalars(select(t.Page).where(t.Page.book_id == book.id).order_by(t.Page.index)).all()
            story = Story.model_validate(book.story)
            # Keep the family's own edits to the words.
            edited = tuple(
                p.model_copy(update={"text": row.text}) for p, row in zip(story.pages, pages, strict=False)
            )
            return Recipe.model_validate(book.recipe), story.model_copy(
                update={"pages": edited, "title": book.title or story.title}
            )

    def _series_memory(self, user: User, series_id: int) -> str:
        with self._db.read() as s:
            rows = s.scalars(
                select(t.Book.story)
                .where(t.Book.owner_id == user.id, t.Book.series_id == series_id, t.Book.story.is_not(None))
                .order_by(t.Book.series_index.desc(), t.Book.id.desc())
                .limit(SERIES_MEMORY)
            ).all()
        summaries = [str(story.get("summary", "")) for story in reversed(rows) if story]
        return " ".join(x for x in summaries if x)[:1200]


def _copy_story(s: DbSession, book: t.Book, story: Story) -> None:
    book.story = story.model_dump(mode="json")
    book.title = story.title
    for i, page in enumerate(story.pages):
        s.add(t.Page(book_id=book.id, index=i, text=page.text, scene=page.scene.model_dump(mode="json")))


def _check_quota(s: DbSession, settings: Settings, user: User, story: StorySettings) -> None:
    limits = settings.plan_limits(user.plan)
    if story.pages > limits.pages_per_book:
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
    _check_active_jobs(s, user)


def _check_active_jobs(s: DbSession, user: User) -> None:
    active = s.scalar(
        select(func.count()).select_from(t.Job).where(t.Job.user_id == user.id, t.Job.status.in_(ACTIVE))
    )
    if int(active or 0) >= MAX_ACTIVE_JOBS:
        raise QuotaExceeded("You already have several books being made. Please wait for one to finish.")


def _active_job(s: DbSession, book_id: int) -> int | None:
    return s.scalar(select(t.Job.id).where(t.Job.book_id == book_id, t.Job.status.in_(ACTIVE)).limit(1))


def _ensure_settings(settings: object) -> StorySettings:
    if isinstance(settings, StorySettings):
        return settings
    if isinstance(settings, dict):
        return StorySettings.model_validate(settings)
    raise ValidationError("Please choose the story settings.")
