"""Calling Gradio event handlers over plain HTTP, as any outsider can: join the queue, read the events."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class Reply:
    ok: bool
    output: Any  # the handler's outputs (ok) or Gradio's error payload
    status: int = 200


def config(base_url: str) -> dict[str, Any]:
    response = httpx.get(f"{base_url}/config", timeout=10)
    response.raise_for_status()
    data: dict[str, Any] = response.json()
    return data


def call(
    base_url: str,
    fn_index: int,
    data: list[Any],
    *,
    token: str | None = None,
    event_data: Any = None,
    timeout: float = 60.0,
    page_params: dict[str, str] | None = None,
) -> Reply:
    """Run handler ``fn_index`` with ``data`` as one HTTP client would, with or without a session cookie.

    ``page_params`` are the page address's query (``/?book=3``), which the browser sends along.
    """
    session_hash = uuid.uuid4().hex
    cookies = {"mm_session": token} if token else None
    with httpx.Client(base_url=base_url, cookies=cookies, timeout=timeout) as client:
        body = {"data": data, "fn_index": fn_index, "session_hash": session_hash, "event_data": event_data}
        joined = client.post("/gradio_api/queue/join", json=body, params=page_params)
        if joined.status_code != 200:
            return Reply(False, joined.text, joined.status_code)
        with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session_hash}) as stream:
            for line in sse_lines(stream):
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    return Reply(bool(message.get("success")), message.get("output"))
    return Reply(False, "no answer")


def backend_handlers(cfg: dict[str, Any]) -> list[dict[str, Any]]:
    """Every event handler that runs Python on the server, whatever its visibility."""
    return [d for d in cfg["dependencies"] if d.get("backend_fn")]


def component_types(cfg: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {c["id"]: c for c in cfg["components"]}


def sse_lines(stream: httpx.Response) -> Iterator[str]:
    """Lines split on ``\n`` only: ``iter_lines`` also splits on U+0085 and U+2028, which an answer that
    echoes a family's text may hold unescaped."""
    buffer = ""
    for chunk in stream.iter_text():
        buffer += chunk
        *lines, buffer = buffer.split("\n")
        yield from (line.rstrip("\r") for line in lines)
    if buffer:
        yield buffer
