"""The Docker image and the Hugging Face Space are set up exactly like the README's own two commands."""

from __future__ import annotations

import http.server
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in joined.splitlines()]
    found = []
    for line in lines:
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), " ".join(rest.split())))
    return found


def _all(instruction: str) -> list[str]:
    return [args for word, args in _instructions() if word == instruction]


def _front_matter() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "README.md starts with the Space's front matter"
    pairs = (line.split(":", 1) for line in match.group(1).splitlines() if ":" in line)
    return {key.strip(): value.strip().strip('"') for key, value in pairs}


def _pinned(package: str) -> str:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == package:
            return version.strip()
    raise AssertionError(f"{package} is not pinned in requirements.txt")


def test_the_image_installs_exactly_requirements_txt_with_the_readmes_own_setup_script() -> None:
    readme, run = (ROOT / "README.md").read_text(), (ROOT / "scripts" / "run").read_text()
    setup = (ROOT / "scripts" / "setup").read_text()
    assert "bash scripts/run" in readme and "bash scripts/setup" in run
    assert re.findall(r"pip install[^\n]*", setup)[-1].endswith("-r requirements.txt")

    steps = _instructions()
    runs = _all("RUN")
    assert not [r for r in runs if "pip" in r], "every Python package comes from scripts/setup"
    setup_at = steps.index(("RUN", "bash scripts/setup"))
    copied_before = [args for word, args in steps[:setup_at] if word == "COPY"]
    assert any(c.endswith("requirements.txt ./") for c in copied_before)
    assert any(c.endswith("scripts/setup scripts/setup") for c in copied_before)
    dockerignore = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in dockerignore, "the host's virtualenv must never replace the image's"
    assert _all("CMD") == ['[".venv/bin/python", "app.py"]']


def test_the_image_runs_as_a_non_root_user_with_espeak_and_the_data_volume() -> None:
    (base,) = _all("FROM")
    assert base == f"python:{_front_matter()['python_version']}-slim"
    apt = " ".join(r for r in _all("RUN") if "apt-get install" in r)
    assert "espeak-ng" in apt and "fonts-" in apt
    words = [word for word, _ in _instructions()]
    users = _all("USER")
    assert users and users[-1] not in ("root", "0") and words.index("USER") < words.index("CMD")
    assert _all("VOLUME") == ['["/data"]']
    env = " ".join(_all("ENV"))
    assert "DATA_DIR=/data" in env and "GRADIO_SERVER_NAME=0.0.0.0" in env
    assert "GRADIO_SERVER_PORT=" not in env, "setting it would stop PORT from choosing the port"


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/health" else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[http.server.HTTPServer]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _healthcheck(env: dict[str, str]) -> int:
    (check,) = _all("HEALTHCHECK")
    options, _, command = check.partition("CMD ")
    assert "--interval" in options and "/health" in command
    argv = json.loads(command)
    assert argv[0] == ".venv/bin/python"
    return subprocess.run([sys.executable, *argv[1:]], env=env, capture_output=True, timeout=30).returncode


def test_the_healthcheck_asks_health_on_the_port_the_app_listens_on(
    health_server: http.server.HTTPServer,
) -> None:
    port = str(health_server.server_address[1])
    assert _healthcheck({"PORT": port}) == 0
    assert _healthcheck({"PORT": "1", "GRADIO_SERVER_PORT": port}) == 0  # the same order as app.py
    _Health.status = 503
    try:
        assert _healthcheck({"PORT": port}) != 0, "an unhealthy app must fail the check"
    finally:
        _Health.status = 200


def test_the_space_front_matter_pins_the_gradio_in_requirements_and_runs_app_py() -> None:
    meta = _front_matter()
    assert meta["sdk"] == "gradio"
    assert meta["sdk_version"] == _pinned("gradio")
    assert meta["app_file"] == "app.py" and (ROOT / "app.py").is_file()
    assert meta["python_version"] == "3.11"
