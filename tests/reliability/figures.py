"""The tier's measured figures: tests and the load bench append counts, ``bench/reliability.py`` adds them up.

Set ``MM_RELIABILITY_FIGURES=/path/figures.jsonl`` and every ``record(...)`` appends one JSON line there;
without it ``record`` does nothing, so a plain ``pytest`` run writes no files.
``MM_RELIABILITY_FULL=1`` asks the tests for their larger runs (more examples, more families).
"""

from __future__ import annotations

import json
import os
import threading
from collections import defaultdict
from pathlib import Path

FIGURES_ENV = "MM_RELIABILITY_FIGURES"
FULL_ENV = "MM_RELIABILITY_FULL"
_lock = threading.Lock()


def full_run() -> bool:
    """Whether the larger runs were asked for (``python bench/reliability.py`` without ``--quick``)."""
    return os.environ.get(FULL_ENV, "") not in ("", "0")


def scaled(quick: int, full: int) -> int:
    return full if full_run() else quick


def record(source: str, **counts: float) -> None:
    """``record("faults", faults_injected=12, books_finished=3)``; written before the test asserts."""
    target = os.environ.get(FIGURES_ENV)
    if not target:
        return
    line = json.dumps({"source": source, **counts})
    with _lock, open(target, "a", encoding="utf-8") as out:
        out.write(line + "\n")


def totals(path: Path) -> defaultdict[str, float]:
    """Every recorded count summed by name (``families`` keeps its largest value, not a sum)."""
    out: defaultdict[str, float] = defaultdict(float)
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        for name, value in item.items():
            if name == "source" or not isinstance(value, int | float):
                continue
            out[name] = max(out[name], value) if name == "families" else out[name] + value
    return out


def sources(path: Path) -> list[str]:
    """Which tests and benches recorded anything, in order."""
    if not path.exists():
        return []
    return [json.loads(line)["source"] for line in path.read_text(encoding="utf-8").splitlines() if line]
