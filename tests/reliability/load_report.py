"""What a load run measured: per-action timings and errors, HTTP statuses and books made, thread-safe."""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import httpx
from gradio_client.utils import QueueError

BROWSING = ("browse", "open_book")  # the actions the browsing goal (p95 <= 300 ms) is about


def status_of(err: BaseException) -> int | None:
    """The HTTP status behind a failed call, when there was one (gradio_client raises httpx errors)."""
    if isinstance(err, httpx.HTTPStatusError):
        return err.response.status_code
    if isinstance(err, QueueError):  # gradio_client's name for a 503 from the queue
        return 503
    return None


@dataclass
class LoadReport:
    families: int
    seconds: float
    wall_s: float = 0.0
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)  # the first few error messages, for the log
    requests: int = 0
    server_errors: int = 0  # answers with a 5xx status
    books_started: int = 0
    books_finished: int = 0
    books_unfinished: int = 0
    book_seconds: list[float] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)  # reset when the timed run begins
    browsing_at: list[tuple[float, float]] = field(default_factory=list)  # (seconds into the run, ms)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def timed(self, action: str, ms: float, requests: int = 1) -> None:
        with self._lock:
            self.timings[action].append(ms)
            self.requests += requests
            if action in BROWSING:
                self.browsing_at.append((time.monotonic() - self.started, ms))

    def failed(self, action: str, err: BaseException, requests: int = 1) -> None:
        with self._lock:
            self.errors[action] += 1
            self.requests += requests
            code = status_of(err)
            if code is not None and code >= 500:
                self.server_errors += 1
            if len(self.samples) < 10:
                self.samples.append(f"{action}: {type(err).__name__}: {str(err)[:300]}")

    def status(self, code: int) -> None:
        """Statuses of the plain HTTP calls (sign-up, downloads), which gradio_client doesn't see."""
        if code >= 500:
            with self._lock:
                self.server_errors += 1

    def book_started(self) -> None:
        with self._lock:
            self.books_started += 1

    def book_ended(self, ready: bool, seconds: float) -> None:
        with self._lock:
            if ready:
                self.books_finished += 1
                self.book_seconds.append(seconds)
            else:
                self.books_unfinished += 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def percentile(self, action: str, p: int) -> float:
        samples = self.timings.get(action, [])
        if len(samples) < 2:
            return samples[0] if samples else 0.0
        return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]

    def browsing_p95(self) -> float:
        merged = [ms for action in BROWSING for ms in self.timings.get(action, [])]
        if len(merged) < 2:
            return merged[0] if merged else 0.0
        return statistics.quantiles(merged, n=100, method="inclusive")[94]

    def browsing_p95_by_window(self, window_s: float = 10.0) -> list[tuple[float, int, float]]:
        """(window start, samples, p95 ms) of browsing for each ``window_s`` of the run: is it the
        arrival rush or all the time?"""
        windows: dict[int, list[float]] = defaultdict(list)
        for at, ms in self.browsing_at:
            windows[int(at // window_s)].append(ms)
        out = []
        for n in sorted(windows):
            samples = windows[n]
            p95 = (
                statistics.quantiles(samples, n=100, method="inclusive")[94]
                if len(samples) > 1
                else samples[0]
            )
            out.append((n * window_s, len(samples), p95))
        return out

    @property
    def books_per_minute(self) -> float:
        return self.books_finished / (self.wall_s / 60) if self.wall_s else 0.0

    def table(self) -> list[str]:
        """One line per action: count, errors, p50/p95/p99 in milliseconds."""
        lines = [f"{'action':<18}{'count':>7}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}"]
        for action in sorted(set(self.timings) | set(self.errors)):
            count = len(self.timings.get(action, []))
            lines.append(
                f"{action:<18}{count:>7}{self.errors[action]:>8}"
                f"{self.percentile(action, 50):>10.1f}{self.percentile(action, 95):>10.1f}"
                f"{self.percentile(action, 99):>10.1f}"
            )
        return lines

    def summary(self) -> str:
        return (
            f"families={self.families} seconds={self.seconds:g} requests={self.requests} "
            f"errors={self.error_count} 5xx={self.server_errors} books_started={self.books_started} "
            f"books_finished={self.books_finished} books_per_minute={self.books_per_minute:.1f} "
            f"browsing_p95_ms={self.browsing_p95():.0f}"
        )
