"""The scaled mode: jobs travel through Dramatiq on Redis; ``python -m engine worker`` makes the books.

Why Dramatiq: it acknowledges a message only after the actor returns (our job state is saved by then),
its Redis broker hands the unacknowledged messages of a worker that stopped heart-beating to another
worker, and it runs in-process threads we can start from our own CLI. The job row stays the truth: a
message only says "job N wants doing", so a duplicate or a redelivery can never make a page twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from engine.config import Settings
from engine.jobs import JobClaims

log = logging.getLogger(__name__)
ACTOR = "make_book"
QUEUE = "books"
RETRY_DELAY_MS = 1500


class DramatiqQueue:
    """Sends "job N" messages; in a worker process, also runs them (see ``serve``)."""

    def __init__(self, settings: Settings) -> None:
        assert settings.job_queue_url
        self._settings = settings
        self.broker = RedisBroker(  # type: ignore[no-untyped-call]  # dramatiq's broker is untyped
            url=settings.job_queue_url,
            namespace=settings.job_queue_namespace,
            heartbeat_timeout=int(settings.job_stale_after_s * 1000),
            maintenance_chance=100_000,  # of a million commands: dead workers' messages return quickly
        )
        self._handler: Callable[[int], None] | None = None
        self.actor = dramatiq.actor(
            broker=self.broker,
            actor_name=ACTOR,
            queue_name=QUEUE,
            max_retries=3,
            time_limit=6 * 3600 * 1000,
        )(self._run)

    def submit(self, job_id: int) -> None:
        self.actor.send(job_id)

    def submit_later(self, job_id: int, delay_ms: int) -> None:
        self.actor.send_with_options(args=(job_id,), delay=delay_ms)

    def close(self) -> None:
        self.broker.close()

    def _run(self, job_id: int) -> None:
        if self._handler is None:
            raise RuntimeError("this process only enqueues; run `python -m engine worker` to make books")
        self._handler(job_id)

    def serve(self, handler: Callable[[int], None], threads: int, stop: threading.Event) -> None:
        """Run a Dramatiq worker in this process until ``stop`` is set."""
        self._handler = handler
        worker = dramatiq.Worker(self.broker, queues={QUEUE}, worker_threads=threads, worker_timeout=200)
        worker.start()
        try:
            stop.wait()
        finally:
            worker.stop(timeout=10_000)


class JobHandler:
    """What a worker does with "job N": claim it, or take it over from a dead worker, or defer it."""

    def __init__(
        self, settings: Settings, claims: JobClaims, queue: DramatiqQueue, run: Callable[[int], str]
    ) -> None:
        self._settings = settings
        self._claims = claims
        self._queue = queue
        self._run = run

    def __call__(self, job_id: int) -> None:
        state = self._claims.state(job_id)
        if state is None or state.status in ("done", "failed", "cancelled"):
            return
        if state.status == "queued":
            if not self._claims.family_has_room(job_id):
                self._queue.submit_later(job_id, RETRY_DELAY_MS)
            elif self._claims.claim(job_id):
                self._run(job_id)
            return
        stale = timedelta(seconds=self._settings.job_stale_after_s)
        if state.heartbeat_at is not None and datetime.now(UTC) - state.heartbeat_at < stale:
            # A live worker has it (this is a duplicate delivery): look again once it could have died.
            self._queue.submit_later(job_id, int(stale.total_seconds() * 1000))
            return
        if self._claims.take_over(job_id, state.heartbeat_at):
            log.info("taking over job %s from a worker that stopped", job_id)
            self._run(job_id)


def requeue_waiting(settings: Settings, claims: JobClaims, queue: DramatiqQueue) -> int:
    """On worker start: re-send jobs that are queued or orphaned (a lost message must not lose a book)."""
    ids = claims.recover(stale_after_s=settings.job_stale_after_s) + claims.queued_ids()
    for job_id in dict.fromkeys(ids):
        queue.submit(job_id)
    return len(ids)
