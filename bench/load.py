"""Many families at once on the real app: requests, errors, 5xx, p50/p95/p99 per action, books per minute.

    .venv/bin/python bench/load.py [--families 30] [--seconds 60] [--think 2 6] [--workers 2]

Each simulated family (``tests/reliability/families.py``) first makes its account through
``/auth/register`` (four at a time), then, during the timed run, opens the app (families arrive over the
first 10 s) and uses the Gradio handlers with gradio_client, pausing 2-6 s between actions: browse the
library, open a book, design a character, make a 6-page offline book and wait for it, download the PDF.
Goal (issue 8): zero errors, zero 5xx, p95 of browsing (the library, and opening a book from it) <= 300 ms
with 30 families for 60 s. Exits 1 when a goal is missed. The app runs with its default settings, so the
figures depend on what else the machine is doing: its load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.app_server import running_app
from tests.reliability.app_log import our_crashes
from tests.reliability.families import run_load
from tests.reliability.figures import record
from tests.reliability.load_report import LoadReport

BROWSING_GOAL_MS = 300.0


def measure(
    families: int, seconds: float, think: tuple[float, float], workers: int
) -> tuple[LoadReport, int]:
    """Run the load on a fresh app; returns the report and how many crashes of our code the log shows."""
    with (
        tempfile.TemporaryDirectory(prefix="mm-load-") as tmp,
        running_app(Path(tmp), WORKER_THREADS=str(workers)) as server,
    ):
        print(f"app ready in {server.ready_s:.1f} s on {server.url}; {families} families for {seconds:g} s")
        cpu_before, started = cpu_seconds(server.pid), time.monotonic()
        report = run_load(server.url, families, seconds, think_s=think)
        busy = (cpu_seconds(server.pid) - cpu_before) / (time.monotonic() - started)
        crashes = our_crashes(server.log_path)  # before shutdown, which cancels open event streams
    print(f"the app process used {busy:.2f} cores on average (sign-ups included)")
    return report, len(crashes)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def show(report: LoadReport, crashes: int) -> None:
    print("\n".join(report.table()))
    windows = report.browsing_p95_by_window()
    print(
        "browsing p95 by 10 s of the run: " + ", ".join(f"{at:.0f}s {p95:.0f} ms" for at, _, p95 in windows)
    )
    for sample in report.samples:
        print("  error:", sample)
    print(
        f"requests {report.requests}   errors {report.error_count}   5xx {report.server_errors}   "
        f"crashes in the app log {crashes}"
    )
    print(
        f"books started {report.books_started}   finished {report.books_finished}   "
        f"unfinished {report.books_unfinished}   books/minute {report.books_per_minute:.1f}   "
        f"browsing p95 {report.browsing_p95():.0f} ms (goal <= {BROWSING_GOAL_MS:.0f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(2.0, 6.0),
        metavar=("MIN", "MAX"),
        help="seconds between actions",
    )
    parser.add_argument("--workers", type=int, default=2, help="book-making threads in the app")
    parser.add_argument("--no-latency-goal", action="store_true", help="judge errors and 5xx only")
    args = parser.parse_args()
    before = os.getloadavg()[0]
    report, crashes = measure(args.families, args.seconds, tuple(args.think), args.workers)
    after = os.getloadavg()[0]
    print(f"machine load average (1 min) {before:.1f} before, {after:.1f} after; {os.cpu_count()} cores")
    show(report, crashes)
    p95 = report.browsing_p95()
    record(
        "bench/load.py",
        families=report.families,
        requests=report.requests,
        load_errors=report.error_count + crashes + report.books_unfinished,
        load_5xx=report.server_errors,
        books_finished=report.books_finished,
        browsing_p95_ms=round(p95, 1),
    )
    print("load: " + report.summary())
    missed = report.error_count or report.server_errors or crashes or report.books_unfinished
    missed = missed or (p95 > BROWSING_GOAL_MS and not args.no_latency_goal)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
