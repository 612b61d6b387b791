"""The whole reliability and security tier in one command, ending with one line of measured figures.

    .venv/bin/python bench/reliability.py            # full: larger property runs, 30 families for 60 s
    .venv/bin/python bench/reliability.py --quick    # the CI sizes and 30 families for 30 s (<= 5 minutes)

Runs pytest on ``tests/reliability`` (marker ``reliability``: load, faults, crash on SQLite and
PostgreSQL, bad input over the engine and every UI endpoint, sessions, files, the browser's storage) plus
the SQLite crash test of ``tests/jobs``, then ``bench/load.py``. Every test and the load bench append
what they measured to a JSON-lines file (``tests/reliability/figures.py``); the summary line adds them up:

    reliability: families=30 requests=… load_errors=0 faults_injected=… books_finished=… lost_pages=0
    inputs_tried=… leaks=0 …

Exits 1 if any test failed or the load missed its goals.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.figures import FIGURES_ENV, FULL_ENV, sources, totals  # noqa: E402

TESTS = ["tests/reliability", "tests/jobs/test_embedded_crash.py"]
SUMMARY = (
    "families",
    "requests",
    "load_errors",
    "load_5xx",
    "faults_injected",
    "books_finished",
    "lost_pages",
    "inputs_tried",
    "leaks",
    "unsafe_accepted",
    "throttle_bypasses",
    "browsing_p95_ms",
)


def run_tests(env: dict[str, str], report: Path) -> tuple[int, dict[str, int]]:
    """pytest on the tier (its own short load test is left to ``bench/load.py``); returns code and counts."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        *TESTS,
        "-m",
        "reliability or slow",
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    command += ["--deselect", "tests/reliability/test_load.py", f"--junitxml={report}"]
    code = subprocess.call(command, cwd=ROOT, env=env)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if report.exists():
        suite = ET.parse(report).getroot()
        suite = suite if suite.tag == "testsuite" else suite[0]
        counts = {name: int(suite.get(name, "0")) for name in counts}
    return code, counts


def run_load(env: dict[str, str], quick: bool) -> int:
    """30 families; the quick run is too short for its start-up rush to say much about latency."""
    command = [sys.executable, "bench/load.py", "--families", "30", "--seconds", "30" if quick else "60"]
    return subprocess.call(command + (["--no-latency-goal"] if quick else []), cwd=ROOT, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI sizes and a 30 s load (<= 5 minutes)")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mm-reliability-") as tmp:
        figures = Path(tmp) / "figures.jsonl"
        env = {**os.environ, FIGURES_ENV: str(figures), FULL_ENV: "" if args.quick else "1"}
        tests_code, counts = run_tests(env, Path(tmp) / "junit.xml")
        load_code = run_load(env, args.quick)
        measured = totals(figures)
        recorded = sources(figures)
    minutes = (time.monotonic() - started) / 60
    print(f"\nrecorded by: {', '.join(dict.fromkeys(recorded))}")
    passed = counts["tests"] - counts["failures"] - counts["errors"] - counts["skipped"]
    print(
        f"tests: {passed} passed, {counts['failures'] + counts['errors']} failed, {counts['skipped']} "
        f"skipped or expected to fail; load goals {'met' if load_code == 0 else 'MISSED'}; {minutes:.1f} min"
    )
    figures_line = " ".join(f"{name}={measured[name]:g}" for name in SUMMARY)
    print(f"reliability: {figures_line} tests_failed={counts['failures'] + counts['errors']}")
    return 1 if tests_code or load_code else 0


if __name__ == "__main__":
    sys.exit(main())
