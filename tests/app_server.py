"""The real Memory Maker app (``python app.py``) in a subprocess, for UI, browser and benchmark runs."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from gradio_client import Client

from engine import Settings, Studio, User

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class AppServer:
    url: str
    data_dir: Path
    database_url: str
    log_path: Path
    pid: int
    ready_s: float  # from starting the process to /health answering 200

    def log_tail(self, lines: int = 40) -> str:
        return tail(self.log_path, lines)

    @contextlib.contextmanager
    def studio(self, picture_size: int = 512) -> Iterator[Studio]:
        """The app's database seen through the engine, in the test process: for setting up families and
        books and for checking what a call changed (no worker threads here; the app has its own)."""
        settings = Settings(
            _env_file=None,
            data_dir=self.data_dir,
            database_url=self.database_url,
            providers="offline",
            picture_size=picture_size,
        )
        studio = Studio(settings, workers=False)
        try:
            yield studio
        finally:
            studio.close()


def app_client(url: str, token: str, *, timeout: float | None = None) -> Client:
    """A gradio_client session carrying a family's session cookie, as the browser's tab would.

    ``ssl_verify=False``: the app is plain HTTP on loopback, and otherwise every call loads the CA bundle
    afresh (~40 ms of CPU). ``timeout`` (seconds) lets a slow answer under load be measured, not fail."""
    return Client(
        url,
        headers={"Cookie": f"mm_session={token}"},
        verbose=False,
        download_files=False,
        analytics_enabled=False,
        ssl_verify=False,
        httpx_kwargs={"timeout": timeout} if timeout is not None else None,
    )


@dataclass(frozen=True)
class Family:
    """A signed-up family as the tests use it: the account, how it signs in and its session token."""

    user: User
    email: str
    password: str
    token: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_env(data_dir: Path, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "GRADIO_", "DATABASE_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{data_dir / 'memory-maker.db'}",
        DATA_DIR=str(data_dir),
        PROVIDERS="offline",
        PICTURE_SIZE="512",
        GRADIO_SERVER_NAME="127.0.0.1",
        GRADIO_SERVER_PORT=str(port),
        GRADIO_ANALYTICS_ENABLED="False",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def running_app(
    data_dir: Path, *, timeout: float = 60.0, port: int | None = None, **extra_env: str
) -> Iterator[AppServer]:
    """Start ``app.py`` on ``port`` (default: a free one) with its own SQLite database; stop it afterwards.

    Pass the port when the app must know its own address in advance (``PUBLIC_URL`` for emailed links).
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log_path = data_dir / "app.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py")],
            cwd=ROOT,
            env=app_env(data_dir, port, **extra_env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url, database_url = f"http://127.0.0.1:{port}", f"sqlite:///{data_dir / 'memory-maker.db'}"
    try:
        ready_s = wait_ready(url, log_path, process, timeout)
        yield AppServer(url, data_dir, database_url, log_path, process.pid, ready_s)
    finally:
        stop(process)


@contextlib.contextmanager
def running_mail_app(data_dir: Path, smtp_port: int, **extra_env: str) -> Iterator[AppServer]:
    """The app sending its email to an SMTP server on 127.0.0.1, with emailed links pointing back at it."""
    port = free_port()
    with running_app(
        data_dir,
        port=port,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp_port),
        SMTP_SECURITY="none",
        MAIL_FROM="Memory Maker <books@memory-maker.test>",
        PUBLIC_URL=f"http://127.0.0.1:{port}",
        **extra_env,
    ) as server:
        yield server


def wait_ready(url: str, log_path: Path, process: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until ``/health`` answers 200; raises with the server's log if it never does."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"app exited with {process.returncode}:\n{tail(log_path)}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return time.monotonic() - start
        time.sleep(0.05)
    raise RuntimeError(f"app not ready after {timeout}s:\n{tail(log_path)}")


def tail(log_path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
