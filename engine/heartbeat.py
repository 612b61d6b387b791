"""A job's heartbeat: a side thread that keeps the job's row fresh and notices cancel requests."""

from __future__ import annotations

import logging
import threading

from engine.jobs import JobClaims

log = logging.getLogger(__name__)
HEARTBEAT_S = 5.0  # a job whose beat is older than Settings.job_stale_after_s belonged to a dead worker
CANCEL_POLL_S = 0.5  # cancel requests are noticed within this (the promise is two seconds)


class JobHeartbeat:
    """Keeps the job's heartbeat fresh from a side thread and notices cancel requests."""

    def __init__(self, claims: JobClaims, job_id: int) -> None:
        self._claims = claims
        self._job_id = job_id
        self._stop = threading.Event()
        self.cancel_requested = False
        self._thread = threading.Thread(target=self._loop, name=f"heartbeat-{job_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        ticks = 0
        while not self._stop.wait(CANCEL_POLL_S):
            ticks += 1
            try:
                if ticks * CANCEL_POLL_S >= HEARTBEAT_S:
                    ticks = 0
                    self.cancel_requested = self._claims.heartbeat(self._job_id) or self.cancel_requested
                else:
                    self.cancel_requested = (
                        self._claims.cancel_requested(self._job_id) or self.cancel_requested
                    )
            except Exception:  # a missed beat only delays orphan detection by one interval
                log.warning("heartbeat for job %s failed", self._job_id, exc_info=True)
