"""A loopback OpenAI-compatible HTTP server for tests: real sockets, the real SDK, no internet.

Every request body is validated against OpenAI's published OpenAPI description; one that does not
match gets OpenAI's 400 error shape and is recorded in ``invalid_requests``. Latency per endpoint and
injected faults (429 with Retry-After, 500, hangs, cut connections, malformed JSON, refusals, an
exhausted quota) are configurable, with a seeded RNG so a run can be repeated.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import random
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes import openai_answers as answers
from tests.fakes.openai_config import FakeConfig, FakeStats, InvalidRequest, LoggedRequest
from tests.fakes.openai_routes import Reply, answer
from tests.fakes.openapi_validation import (
    FormData,
    parse_multipart,
    validate_request,
    validate_response,
    warm_up,
)

ENDPOINTS: dict[tuple[str, str], str] = {
    ("POST", "/v1/chat/completions"): "chat.completions",
    ("POST", "/v1/images/generations"): "images.generations",
    ("POST", "/v1/images/edits"): "images.edits",
    ("POST", "/v1/audio/speech"): "audio.speech",
    ("POST", "/v1/moderations"): "moderations",
    ("GET", "/v1/models"): "models",
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self.server.fake.handle(self, "GET")

    def do_POST(self) -> None:
        self.server.fake.handle(self, "POST")

    def log_message(self, format: str, *args: Any) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: FakeOpenAIServer


class FakeOpenAIServer:
    """``with FakeOpenAIServer() as server: OpenAI(base_url=server.base_url, api_key="k")``."""

    def __init__(self, config: FakeConfig | None = None) -> None:
        self.config = config or FakeConfig()
        self.stats = FakeStats()
        self.invalid_requests: list[InvalidRequest] = []
        self.invalid_responses: list[InvalidRequest] = []
        self.requests: list[LoggedRequest] = []
        self.allow_invalid = False  # set by tests that send invalid requests on purpose
        self._lock = threading.Lock()
        self._rng = random.Random(self.config.seed)
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeOpenAIServer:
        warm_up()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def configure(self, **changes: Any) -> None:
        """Change behaviour from now on; a new ``seed`` restarts the fault sequence."""
        with self._lock:
            self.config = dataclasses.replace(self.config, **changes)
            if "seed" in changes:
                self._rng = random.Random(self.config.seed)

    def reset_stats(self) -> None:
        with self._lock:
            self.stats = FakeStats()
            self.invalid_requests.clear()
            self.invalid_responses.clear()
            self.requests.clear()

    def prompts(self, endpoint: str) -> list[str]:
        """The ``prompt`` of every logged request to ``endpoint``, in arrival order."""
        with self._lock:
            return [str(r.body.get("prompt", "")) for r in self.requests if r.endpoint == endpoint]

    # --- one request ------------------------------------------------------------------------------

    def handle(self, handler: _Handler, method: str) -> None:
        path = handler.path.split("?", 1)[0]
        raw = _read_body(handler)
        endpoint = ENDPOINTS.get((method, path))
        if endpoint is None:
            body = answers.error_body(f"Unknown request URL: {method} {path}.", "invalid_request_error")
            self._send_json(handler, 404, body, path, method)
            return
        with self._lock:
            config = self.config
            self.stats.received[endpoint] += 1
            self.stats.in_flight[endpoint] += 1
            peak = max(self.stats.peak_in_flight[endpoint], self.stats.in_flight[endpoint])
            self.stats.peak_in_flight[endpoint] = peak
        try:
            self._serve(handler, method, path, endpoint, raw, config)
        finally:
            with self._lock:
                self.stats.in_flight[endpoint] -= 1

    def _serve(
        self, handler: _Handler, method: str, path: str, endpoint: str, raw: bytes, config: FakeConfig
    ) -> None:
        if config.api_key is not None and handler.headers.get("Authorization") != f"Bearer {config.api_key}":
            message = "Incorrect API key provided. You can find your API key at https://platform.openai.com."
            error = answers.error_body(message, "invalid_request_error", "invalid_api_key")
            self._send_json(handler, 401, error, path, method)
            return
        body, files, problems = self._parse(handler, method, path, raw)
        if problems:
            with self._lock:
                self.invalid_requests.append(InvalidRequest(endpoint, tuple(problems)))
            error = answers.error_body("; ".join(problems)[:2000], "invalid_request_error")
            self._send_json(handler, 400, error, path, method)
            return
        with self._lock:
            self.requests.append(LoggedRequest(endpoint, body, files))
        time.sleep(config.latency.get(endpoint, 0.0))
        fault = self._draw_fault(endpoint, config)
        if fault is not None and fault != "refusal":
            self._inject(handler, fault, config, path, method)
            return
        reply = answer(endpoint, body, files, config, refuse=fault == "refusal")
        self._send_reply(handler, reply, path, method, endpoint)

    def _parse(
        self, handler: _Handler, method: str, path: str, raw: bytes
    ) -> tuple[dict[str, Any], dict[str, list[bytes]], list[str]]:
        if method == "GET":
            return {}, {}, []
        content_type = handler.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            form = parse_multipart(content_type, raw, path)
        else:
            try:
                form = FormData(fields=json.loads(raw or b"null"))
            except ValueError:
                return {}, {}, ["the body is not valid JSON"]
        return form.fields, form.files, validate_request(path, method, content_type, form.fields)

    def _draw_fault(self, endpoint: str, config: FakeConfig) -> str | None:
        targets = config.fault_endpoints
        eligible = endpoint != "models" if targets is None else endpoint in targets
        if not eligible or config.fault_rate <= 0 or not config.fault_kinds:
            return None
        with self._lock:
            spent = sum(self.stats.faults.values())
            if config.fault_limit is not None and spent >= config.fault_limit:
                return None
            if self._rng.random() >= config.fault_rate:
                return None
            kind = self._rng.choice(config.fault_kinds)
            self.stats.faults[kind] += 1
            return kind

    def _inject(self, handler: _Handler, fault: str, config: FakeConfig, path: str, method: str) -> None:
        if fault == "429":
            wait = config.retry_after_s
            headers = {"Retry-After": str(max(1, math.ceil(wait))), "retry-after-ms": str(int(wait * 1000))}
            message = "Rate limit reached for requests. Please try again shortly."
            error = answers.error_body(message, "requests", "rate_limit_exceeded")
            self._send_json(handler, 429, error, path, method, headers)
        elif fault == "quota":
            message = "You exceeded your current quota, please check your plan and billing details."
            error = answers.error_body(message, "insufficient_quota", "insufficient_quota")
            self._send_json(handler, 429, error, path, method)
        elif fault == "500":
            message = "The server had an error while processing your request. Sorry about that!"
            self._send_json(handler, 500, answers.error_body(message, "server_error"), path, method)
        elif fault == "malformed":
            _send(handler, 200, b'{"id": "broken", "choices": [{"index": 0, "mess', "application/json")
        elif fault == "cut":
            head = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"id'
            handler.wfile.write(head)
            handler.wfile.flush()
            _drop(handler)
        elif fault == "hang":
            time.sleep(config.hang_s)
            _drop(handler)
        else:
            raise ValueError(f"unknown fault kind {fault!r}")

    def _send_reply(self, handler: _Handler, reply: Reply, path: str, method: str, endpoint: str) -> None:
        if reply.invalid:
            with self._lock:
                self.invalid_requests.append(InvalidRequest(endpoint, reply.invalid))
        if reply.status < 300:  # counted before sending, so a client that has the answer sees the count
            with self._lock:
                self.stats.succeeded[endpoint] += 1
        if reply.json is not None:
            self._send_json(handler, reply.status, reply.json, path, method)
        else:
            _send(handler, reply.status, reply.data, reply.content_type)

    def _send_json(
        self,
        handler: _Handler,
        status: int,
        body: dict[str, Any],
        path: str,
        method: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        problems = validate_response(path, method, status, body) if path in _PATHS else []
        if problems:
            with self._lock:
                self.invalid_responses.append(InvalidRequest(path, tuple(problems)))
        _send(handler, status, json.dumps(body).encode("utf-8"), "application/json", headers)


_PATHS = frozenset(path for _, path in ENDPOINTS)


def _read_body(handler: _Handler) -> bytes:
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        chunks = []
        while size := int(handler.rfile.readline().strip() or b"0", 16):
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
        handler.rfile.readline()
        return b"".join(chunks)
    return handler.rfile.read(int(handler.headers.get("Content-Length") or 0))


def _send(
    handler: _Handler, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
) -> None:
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("x-request-id", f"req_fake_{time.monotonic_ns()}")
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
        handler.wfile.flush()
    except OSError:
        handler.close_connection = True  # the client gave up (timeout); nothing more to do


def _drop(handler: _Handler) -> None:
    handler.close_connection = True
    with contextlib.suppress(OSError):
        handler.connection.shutdown(socket.SHUT_RDWR)
