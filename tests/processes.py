"""Starting and stopping real Memory Maker processes (workers, apps) for multi-process tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def spawn(args: list[str], env: Mapping[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Start ``python <args>`` from the repo root with a clean environment plus ``env``."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "DATABASE_", "JOB_"))}
    full_env.update(env)
    full_env["PYTHONPATH"] = str(REPO)
    log = open(log_path, "ab")  # noqa: SIM115 - the child owns it for its lifetime
    return subprocess.Popen(
        [sys.executable, *args], cwd=REPO, env=full_env, stdout=log, stderr=subprocess.STDOUT
    )


def wait_for_line(log_path: Path, text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log_path.exists() and text in log_path.read_text(errors="replace"):
            return
        time.sleep(0.1)
    raise AssertionError(
        f"{text!r} never appeared in {log_path}:\n{log_path.read_text(errors='replace')[-3000:]}"
    )


def kill9(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kill9(proc)
