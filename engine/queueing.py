"""How queued jobs reach a worker: the embedded in-process pool (default) or a real task queue.

The job's row in the database is always the truth; a queue only says "job N is waiting".
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from engine.generation import BookMaker
from engine.jobs import JobClaims

log = logging.getLogger(__name__)
SWEEP_S = 2.0  # how often idle workers look for work queued by other processes or left by dead ones


class JobQueue(Protocol):
    def submit(self, job_id: int) -> None: ...

    def close(self) -> None: ...


class EmbeddedWorkers:
    """A small pool of threads in this process that make books (home use and the Space).

    Started lazily on the first submit; on start it takes back jobs orphaned by a previous process.
    """

    def __init__(
        self, claims: JobClaims, maker: BookMaker, threads: int, *, recover_all: bool, stale_after_s: float
    ) -> None:
        self._claims = claims
        self._stale_after_s = stale_after_s
        self._maker = maker
        self._threads_wanted = max(1, threads)
        self._recover_all = recover_all
        self._wake = threading.Condition()
        self._pending = 0
        self._stopping = False
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._threads:
                return
            recovered = self._claims.recover(stale_after_s=None if self._recover_all else self._stale_after_s)
            if recovered:
                log.info("taking up %d interrupted job(s)", len(recovered))
            for i in range(self._threads_wanted):
                thread = threading.Thread(target=self._loop, name=f"book-worker-{i}", daemon=True)
                thread.start()
                self._threads.append(thread)

    def submit(self, job_id: int) -> None:
        self.start()
        with self._wake:
            self._pending += 1
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        for thread in self._threads:
            thread.join(timeout=10)

    def _loop(self) -> None:
        while True:
            with self._wake:
                if self._stopping:
                    return
                if self._pending == 0:
                    self._wake.wait(timeout=SWEEP_S)
                if self._stopping:
                    return
                self._pending = max(0, self._pending - 1)
            try:
                self._work_once()
            except Exception:  # a worker thread must survive anything and keep serving families
                log.exception("book worker error")

    def _work_once(self) -> None:
        self._claims.recover(stale_after_s=self._stale_after_s)
        for job_id in self._claims.next_claimable():
            if self._claims.claim(job_id):
                self._maker.run(job_id)
                with self._wake:
                    self._pending += 1  # look again at once: more work may be waiting
                return


class NoWorkers:
    """For one-shot library use and the CLI: jobs run in the caller's thread (``books.wait``)."""

    def submit(self, job_id: int) -> None:
        return None

    def close(self) -> None:
        return None
