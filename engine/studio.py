"""``Studio``: the one object that holds Memory Maker together (the library's entry point)."""

from __future__ import annotations

import logging

from engine.accounts import Accounts
from engine.books import Books
from engine.cache import DbCache
from engine.characters import Characters
from engine.config import Settings
from engine.generation import BookMaker
from engine.guard import ContentGuard
from engine.jobs import JobClaims, Jobs
from engine.queueing import EmbeddedWorkers, JobQueue, NoWorkers
from engine.registry import Providers, build_providers
from engine.usage import Usage
from storage.db import Database

log = logging.getLogger(__name__)


class Studio:
    """Everything a family can do, as a library.

    >>> studio = Studio(Settings(database_url="sqlite:///tmp/mm.db"))  # doctest: +SKIP
    >>> user = studio.accounts.register("ann@example.org", "a long password")  # doctest: +SKIP
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        providers: Providers | None = None,
        workers: bool = True,
    ) -> None:
        self.settings = settings or Settings()
        self.db = Database(self.settings.resolved_database_url)
        self.providers = providers or build_providers(self.settings, DbCache(self.db))
        guard = ContentGuard(self.providers.moderators)
        self.accounts = Accounts(self.db, self.settings)
        self.characters = Characters(self.db, guard, self.providers.painter)
        self.jobs = Jobs(self.db, self.settings)
        claims = JobClaims(self.db, self.settings)
        concurrency = self.settings.openai_image_concurrency if self.settings.use_openai else 1
        self._maker = BookMaker(
            self.db,
            claims,
            self.providers.writer,
            self.providers.illustrator,
            guard,
            picture_concurrency=concurrency,
            picture_size=self.settings.picture_size,
        )
        self.queue: JobQueue = (
            EmbeddedWorkers(claims, self._maker, self.settings.worker_threads, recover_all=self.db.is_sqlite)
            if workers and self.settings.worker_threads > 0
            else NoWorkers()
        )
        self.books = Books(
            self.db,
            self.settings,
            self.characters,
            guard,
            self.jobs,
            claims,
            self._maker,
            self.queue,
            self.providers.writer,
            self.providers.illustrator,
        )
        self.usage = Usage(self.db)

    @classmethod
    def from_env(cls, *, workers: bool = True) -> Studio:
        """Build from environment variables and ``.env`` (what ``app.py`` and the CLI do)."""
        return cls(Settings(), workers=workers)

    def start_workers(self) -> None:
        """Start the background book makers now (and take up books a previous run left unfinished)."""
        if isinstance(self.queue, EmbeddedWorkers):
            self.queue.start()

    def close(self) -> None:
        self.queue.close()
        self.db.dispose()

    def __enter__(self) -> Studio:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
