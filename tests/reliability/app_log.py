"""Reading the app's own log for crashes in our code (Gradio logs its input-validation refusals as
tracebacks too; those are its own frames only and are not our bugs)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.app_server import ROOT

OUR_CODE = tuple(str(ROOT / part) for part in ("ui", "engine", "storage", "app.py"))
_BLOCK = re.compile(r"^Traceback \(most recent call last\):\n(?:(?:[ \t].*|)\n)*[^\s].*$", re.MULTILINE)


def tracebacks(log_text: str) -> list[str]:
    """Every traceback in the log, each with its final ``Error: message`` line."""
    return [m.group(0) for m in _BLOCK.finditer(log_text)]


def our_crashes(log_path: Path, since: int = 0) -> list[str]:
    """Tracebacks that pass through our own modules, from byte ``since`` of the log on."""
    text = log_path.read_bytes()[since:].decode(errors="replace")
    crashes = [tb for tb in tracebacks(text) if any(f'File "{path}' in tb for path in OUR_CODE)]
    crashes += [line for line in text.splitlines() if "unexpected error in" in line]
    return crashes


def log_size(log_path: Path) -> int:
    return log_path.stat().st_size if log_path.exists() else 0
