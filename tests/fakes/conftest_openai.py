"""Pytest plugin: the ``openai_server`` fixture, a loopback OpenAI-compatible server per test.

Register it once from ``tests/conftest.py`` with ``pytest_plugins = ["tests.fakes.conftest_openai"]``.
A test fails at teardown if the SDK sent anything the published OpenAPI description rejects (or
the fake answered something the spec doesn't allow), unless it set ``server.allow_invalid = True``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakes.openai_config import FakeConfig
from tests.fakes.openai_server import FakeOpenAIServer

TEST_KEY = "sk-test-memory-maker"


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    """``openai_server.base_url``, ``.configure(fault_rate=0.3)``, ``.stats``, ``.invalid_requests``."""
    server = FakeOpenAIServer(FakeConfig(api_key=TEST_KEY)).start()
    try:
        yield server
    finally:
        server.stop()
    if server.invalid_responses:
        pytest.fail(f"the fake OpenAI server answered outside the spec: {server.invalid_responses[:3]}")
    if server.invalid_requests and not server.allow_invalid:
        pytest.fail(f"requests that break the OpenAI spec: {server.invalid_requests[:3]}")


def openai_settings_fields(server: FakeOpenAIServer, **overrides: Any) -> dict[str, Any]:
    """The ``Settings`` fields that point Memory Maker at ``server`` (timeouts short for tests)."""
    fields: dict[str, Any] = {
        "providers": "openai",
        "openai_base_url": server.base_url,
        "openai_api_key": TEST_KEY,
        "openai_timeout_s": 2.0,
        "openai_max_retries": 3,
        "openai_requests_per_minute": 6000,
    }
    fields.update(overrides)
    return fields
