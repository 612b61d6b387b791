"""``Studio``: the one object that holds Memory Maker together (the library's entry point)."""

from __future__ import annotations

import logging

from engine.admin import Admin
from engine.books import Books
from engine.cache import DbCache
from engine.characters import Characters
from engine.config import Settings
from engine.generation import BookMaker
from engine.guard import ContentGuard
from engine.jobs import JobClaims, Jobs
from engine.mail import BookReadyNotices, MailSender, Outbox, SmtpMailer
from engine.queueing import EmbeddedWorkers, JobQueue, NoWorkers
from engine.read_aloud import ReadAloud
from engine.recovery import AccountsWithEmail
from engine.registry import Providers, build_providers, default_set
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
        workers: bool = True,
    ) -> None:
        self.settings = settings or Settings()
        self.db = Database(self.settings.resolved_database_url)
        self.provider_sets = build_providers(self.settings, DbCache(self.db))
        self.providers: Providers = self.provider_sets[default_set(self.settings)]
        guard = ContentGuard(self.providers.moderators)
        mailer = SmtpMailer(self.settings) if self.settings.mail_configured else None
        self.outbox = Outbox(self.db, self.settings, mailer)
        self._mail_sender = MailSender(self.outbox, self.settings.mail_poll_s)
        self.accounts = AccountsWithEmail(self.db, self.settings, self.outbox, guard)
        self.characters = Characters(
            self.db, guard, self.providers.painter, writable=self.accounts.require_writable
        )
        self.jobs = Jobs(self.db, self.settings)
        claims = JobClaims(self.db, self.settings)
        self._maker = BookMaker(
            self.db,
            claims,
            {p.writer.name: p.writer for p in self.provider_sets.values()},
            {p.illustrator.name: p.illustrator for p in self.provider_sets.values()},
            guard,
            picture_concurrency={"offline": 1, "openai": self.settings.openai_image_concurrency},
            picture_size=self.settings.picture_size,
            on_finished=BookReadyNotices(self.db, self.outbox),
        )
        self.claims = claims
        self.queue: JobQueue = self._build_queue(workers)
        self.books = Books(
            self.db,
            self.settings,
            self.characters,
            guard,
            self.jobs,
            claims,
            self._maker,
            self.queue,
            self.provider_sets,
            default_set(self.settings),
            read_aloud=ReadAloud(self.db, self.providers.narrator),
        )
        self.usage = Usage(self.db)
        self.admin = Admin(self.db, self.outbox)

    @classmethod
    def from_env(cls, *, workers: bool = True) -> Studio:
        """Build from environment variables and ``.env`` (what ``app.py`` and the CLI do)."""
        return cls(Settings(), workers=workers)

    def _build_queue(self, workers: bool) -> JobQueue:
        if self.settings.job_queue_url:
            from engine.task_queue import DramatiqQueue

            return DramatiqQueue(self.settings)
        if workers and self.settings.worker_threads > 0:
            return EmbeddedWorkers(
                self.claims,
                self._maker,
                self.settings.worker_threads,
                recover_all=self.db.is_sqlite,
                stale_after_s=self.settings.job_stale_after_s,
            )
        return NoWorkers()

    @property
    def maker(self) -> BookMaker:
        return self._maker

    @property
    def mail_configured(self) -> bool:
        """Whether email can be sent; if not, the sign-in page offers help instead of a reset link."""
        return self.settings.mail_configured

    def health(self) -> dict[str, object]:
        """Is the database reachable and its schema current, and which providers are active."""
        database = self.db.ping()
        try:
            migrations = database and self.db.migrations_current()
        except Exception:  # reported as not current; the details go to the log
            log.exception("could not read the migration state")
            migrations = False
        p = self.providers
        return {
            "status": "ok" if database and migrations else "unhealthy",
            "database": database,
            "migrations_current": migrations,
            "providers": {
                "writer": f"{p.writer.name}:{p.writer.model}",
                "illustrator": f"{p.illustrator.name}:{p.illustrator.model}",
                "narrator": f"{p.narrator.name}:{p.narrator.model}" if p.narrator else None,
                "moderators": [m.name for m in p.moderators],
            },
            "job_queue": "dramatiq" if self.settings.job_queue_url else "embedded",
        }

    def metrics(self) -> bytes:
        """This process's metrics in Prometheus' text format (requests, generation times, errors, costs)."""
        from engine.metrics import exposition

        return exposition()

    def start_workers(self) -> None:
        """Start the background book makers and mail sender now (taking up work a previous run left)."""
        if isinstance(self.queue, EmbeddedWorkers):
            self.queue.start()
        self._mail_sender.start()

    def close(self) -> None:
        self._mail_sender.stop()
        self.queue.close()
        self.db.dispose()

    def __enter__(self) -> Studio:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
