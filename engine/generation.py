"""Making a book, step by step and resumably: the story first, then each missing picture.

Every step commits on its own together with its usage record, so a crash loses at most the step in
flight, and running the same job again never makes (or pays for) a stored page twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import select, update

from engine import metrics
from engine.errors import ContentRejected, MemoryMakerError, NotFound, ProviderError
from engine.guard import ContentGuard
from engine.heartbeat import CANCEL_POLL_S, JobHeartbeat
from engine.jobs import JobClaims, finish, now
from engine.media import delete_image, record_usage, store_picture
from engine.models import Scene, Story
from engine.providers import Illustrator, Picture, PictureRequest, StoryWriter
from engine.recipes import Recipe, page_seed
from engine.references import ensure_references
from storage import tables as t
from storage.db import Database

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
T = TypeVar("T")


class Cancelled(Exception):
    """The family asked to stop this job."""


def _pick(options: dict[str, T], name: str, what: str) -> T:
    found = options.get(name)
    if found is None:
        raise ProviderError(
            f"This book was started with the {name} {what}, which isn't set up here now. "
            "You can rebuild it with the providers that are."
        )
    return found


class BookMaker:
    """Runs one claimed job to the end: ``maker.run(job_id)``."""

    def __init__(
        self,
        db: Database,
        claims: JobClaims,
        writers: Mapping[str, StoryWriter],
        illustrators: Mapping[str, Illustrator],
        guard: ContentGuard,
        *,
        picture_concurrency: Mapping[str, int] | None = None,
        picture_size: int = 1024,
        on_finished: Callable[[int, str], None] | None = None,
    ) -> None:
        self._db = db
        self._claims = claims
        self._writers = dict(writers)
        self._illustrators = dict(illustrators)
        self._guard = guard
        self._concurrency = dict(picture_concurrency or {})
        self._size = picture_size
        self._on_finished = on_finished

    def _writer(self, recipe: Recipe) -> StoryWriter:
        return _pick(self._writers, recipe.providers.writer, "storyteller")

    def _illustrator(self, recipe: Recipe) -> tuple[Illustrator, int]:
        illustrator = _pick(self._illustrators, recipe.providers.illustrator, "illustrator")
        return illustrator, max(1, self._concurrency.get(illustrator.name, 1))

    def run(self, job_id: int, progress: Progress | None = None) -> str:
        """Do the job; returns its final status. Errors end the job as failed, never escape."""
        with self._db.read() as s:
            job = s.get(t.Job, job_id)
            if job is None:
                return "failed"
            book_id, user_id, kind, params = job.book_id, job.user_id, job.kind, dict(job.params)
        ticker = JobHeartbeat(self._claims, job_id)
        ticker.start()
        began = time.monotonic()
        try:
            self._set_book_status(book_id, "generating")
            if kind == "regenerate_page":
                seed = int(params.get("seed", 0))
                page = [int(params["page"])]
                self._redraw_pages(job_id, user_id, book_id, page, progress, ticker, variant_seed=seed)
            else:
                if kind == "restyle":
                    self._clear_pictures(book_id)
                illustrator, concurrency = self._illustrator(self._recipe(book_id))
                with ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"refs{job_id}") as side:
                    # Character portraits (reference images) are drawn while the story is being written.
                    refs = side.submit(
                        ensure_references, self._db, illustrator, concurrency, user_id, book_id
                    )
                    self._ensure_story(job_id, user_id, book_id, progress)
                    references = refs.result()
                self._draw_missing(job_id, user_id, book_id, progress, ticker, references)
            status, message, book_status = "done", "Your book is ready!", "ready"
        except Cancelled:
            status, message, book_status = (
                "cancelled",
                "Stopped. The pages made so far are kept.",
                "cancelled",
            )
        except MemoryMakerError as err:
            log.warning("job %s failed: %s", job_id, err.__cause__ or err)
            status, message, book_status = "failed", _failure_message(err), "failed"
        except Exception:
            log.exception("job %s crashed", job_id)
            status, book_status = "failed", "failed"
            message = "Something went wrong while making the book. The finished pages are kept; try Resume."
        finally:
            ticker.stop()
        self._finish(job_id, book_id, status, message, book_status)
        metrics.JOBS.labels(kind, status).inc()
        metrics.JOB_SECONDS.labels(kind).observe(time.monotonic() - began)
        if progress is not None:
            progress(*self._counts(job_id), message)
        if self._on_finished is not None:
            self._on_finished(job_id, status)
        return status

    # -- steps -----------------------------------------------------------------------------------

    def _ensure_story(self, job_id: int, user_id: int, book_id: int, progress: Progress | None) -> None:
        with self._db.read() as s:
            book = s.get(t.Book, book_id)
            assert book is not None
            if book.story is not None:
                return
            recipe = Recipe.model_validate(book.recipe)
        self._report(job_id, progress, "Writing the story…")
        writer = self._writer(recipe)
        began = time.monotonic()
        try:
            written = writer.write(recipe.story_request())
        except ProviderError:
            metrics.PROVIDER_ERRORS.labels(writer.name, "story").inc()
            raise
        metrics.STEP_SECONDS.labels(writer.name, "story").observe(time.monotonic() - began)
        story = written.story
        self._guard.require_safe([story.title, *(p.text for p in story.pages)], what="story")
        with self._db.transaction() as s:
            book = s.get(t.Book, book_id, with_for_update=True)
            if book is None or book.story is not None:
                return  # deleted meanwhile, or another worker already wrote it
            book.story = story.model_dump(mode="json")
            book.title = book.title or story.title
            for i, page in enumerate(story.pages):
                s.add(
                    t.Page(book_id=book_id, index=i, text=page.text, scene=page.scene.model_dump(mode="json"))
                )
            record_usage(s, user_id, written.usage, book_id=book_id)
            s.execute(update(t.Job).where(t.Job.id == job_id).values(done=1, message="The story is written."))
        self._report(job_id, progress, "The story is written. Now the pictures…")

    def _draw_missing(
        self,
        job_id: int,
        user_id: int,
        book_id: int,
        progress: Progress | None,
        ticker: JobHeartbeat,
        references: tuple[bytes | None, ...],
    ) -> None:
        with self._db.read() as s:
            missing = s.scalars(
                select(t.Page.index)
                .where(t.Page.book_id == book_id, t.Page.image_id.is_(None))
                .order_by(t.Page.index)
            ).all()
        self._redraw_pages(job_id, user_id, book_id, list(missing), progress, ticker, references=references)

    def _redraw_pages(
        self,
        job_id: int,
        user_id: int,
        book_id: int,
        indexes: list[int],
        progress: Progress | None,
        ticker: JobHeartbeat,
        variant_seed: int | None = None,
        references: tuple[bytes | None, ...] | None = None,
    ) -> None:
        if not indexes:
            return
        recipe, scenes = self._load_scenes(book_id)
        illustrator, concurrency = self._illustrator(recipe)
        refs = (
            references
            if references is not None
            else ensure_references(self._db, illustrator, concurrency, user_id, book_id)
        )
        requests = [
            replace(recipe.picture_request(scenes[i], i, self._size), references=refs) for i in indexes
        ]
        if variant_seed is not None:
            requests = [replace(r, seed=page_seed(variant_seed, r.page_index)) for r in requests]
        todo = list(zip(indexes, requests, strict=True))
        pending: set[Future[None]] = set()
        failure: BaseException | None = None
        pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix=f"job{job_id}")
        try:
            while (todo and failure is None) or pending:
                if ticker.cancel_requested:
                    # Stop now; pictures already being drawn are still stored when they arrive.
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise Cancelled()
                while todo and failure is None and len(pending) < concurrency:
                    index, request = todo.pop(0)
                    job = (job_id, user_id, book_id, index)
                    pending.add(pool.submit(self._draw_and_store, illustrator, job, request, progress))
                finished, pending = wait(pending, timeout=CANCEL_POLL_S, return_when=FIRST_COMPLETED)
                for future in finished:
                    error = future.exception()
                    if error is not None and failure is None:
                        failure = error  # finish what is in flight (it is paid for), start nothing new
        finally:
            pool.shutdown(wait=False)
        if failure is not None:
            raise failure

    def _draw_and_store(
        self,
        illustrator: Illustrator,
        job: tuple[int, int, int, int],
        request: PictureRequest,
        progress: Progress | None,
    ) -> None:
        job_id, user_id, book_id, index = job
        began = time.monotonic()
        try:
            picture = illustrator.draw(request)
        except ProviderError:
            metrics.PROVIDER_ERRORS.labels(illustrator.name, "image").inc()
            raise
        metrics.STEP_SECONDS.labels(illustrator.name, "image").observe(time.monotonic() - began)
        self._store_page_picture(job_id, user_id, book_id, index, picture)
        self._report(job_id, progress, f"Page {index + 1} is drawn.")

    def _store_page_picture(
        self, job_id: int, user_id: int, book_id: int, index: int, picture: Picture
    ) -> None:
        with self._db.transaction() as s:
            page = s.scalar(
                select(t.Page).where(t.Page.book_id == book_id, t.Page.index == index).with_for_update()
            )
            if page is None:
                return
            old = page.image_id
            page.image_id = store_picture(s, user_id, picture)
            s.flush()
            delete_image(s, old)
            record_usage(s, user_id, picture.usage, book_id=book_id)
            done = 1 + len(
                s.scalars(
                    select(t.Page.id).where(t.Page.book_id == book_id, t.Page.image_id.is_not(None))
                ).all()
            )
            s.execute(
                update(t.Job)
                .where(t.Job.id == job_id)
                .values(done=done, message=f"Page {index + 1} is drawn.")
            )
            s.execute(update(t.Book).where(t.Book.id == book_id).values(updated_at=now()))

    # -- helpers ---------------------------------------------------------------------------------

    def _recipe(self, book_id: int) -> Recipe:
        with self._db.read() as s:
            book = s.get(t.Book, book_id)
            if book is None:
                raise NotFound("We couldn't find that book.")
            return Recipe.model_validate(book.recipe)

    def _load_scenes(self, book_id: int) -> tuple[Recipe, dict[int, Scene]]:
        with self._db.read() as s:
            book = s.get(t.Book, book_id)
            assert book is not None
            recipe = Recipe.model_validate(book.recipe)
            pages = s.scalars(select(t.Page).where(t.Page.book_id == book_id)).all()
            scenes = {p.index: Scene.model_validate(p.scene) for p in pages if p.scene is not None}
            if len(scenes) < len(pages) and book.story is not None:
                story = Story.model_validate(book.story)
                for i, page in enumerate(story.pages):
                    scenes.setdefault(i, page.scene)
            return recipe, scenes

    def _clear_pictures(self, book_id: int) -> None:
        with self._db.transaction() as s:
            pages = s.scalars(select(t.Page).where(t.Page.book_id == book_id)).all()
            for page in pages:
                old, page.image_id = page.image_id, None
                s.flush()
                delete_image(s, old)

    def _set_book_status(self, book_id: int, status: str) -> None:
        with self._db.transaction() as s:
            s.execute(update(t.Book).where(t.Book.id == book_id).values(status=status, error=None))

    def _finish(self, job_id: int, book_id: int, status: str, message: str, book_status: str) -> None:
        with self._db.transaction() as s:
            job = s.get(t.Job, job_id)
            if job is not None:
                finish(s, job, status, message)
            book = s.get(t.Book, book_id)
            if book is not None:
                book.status = book_status
                book.error = None if status == "done" else message

    def _counts(self, job_id: int) -> tuple[int, int]:
        with self._db.read() as s:
            job = s.get(t.Job, job_id)
            return (job.done, job.total) if job is not None else (0, 0)

    def _report(self, job_id: int, progress: Progress | None, message: str) -> None:
        if progress is not None:
            done, total = self._counts(job_id)
            progress(done, total, message)


def _failure_message(err: MemoryMakerError) -> str:
    if isinstance(err, ContentRejected):
        return "The story came out unsuitable for children, so we stopped. Please try again."
    if isinstance(err, ProviderError):
        return f"{err.message} The finished pages are kept; you can resume the book."
    return err.message
