"""One browser tab's conversation with the Gradio queue over raw HTTP, keeping its ``session_hash``.

Unlike ``tests/ui/gradio_http.call`` (a fresh session per call), calls here share one session, so the
per-session state a real tab builds up (the cast's choices, the open book) is there for later handlers,
and any JSON at all can be sent as a widget's value.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from tests.ui.gradio_http import Reply, backend_handlers, component_types, config, sse_lines

TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"/[^\"]+\.py\", line \d+")


@dataclass(frozen=True)
class Handler:
    """One backend event handler as ``/config`` describes it."""

    fn_index: int
    api_name: str
    kinds: tuple[str, ...]  # the component type of each input
    choices: tuple[tuple[Any, ...], ...]  # the values a dropdown/radio input offers at first


def handlers(base_url: str) -> list[Handler]:
    """Every backend handler the app has today, once per distinct function (``enter_3`` is ``enter``)."""
    cfg = config(base_url)
    components = component_types(cfg)
    seen: set[tuple[str, tuple[int, ...]]] = set()
    out = []
    for dep in backend_handlers(cfg):
        name = str(dep.get("api_name") or f"fn{dep['id']}")
        key = (re.sub(r"_\d+$", "", name), tuple(dep["inputs"]))
        if key in seen:
            continue
        seen.add(key)
        kinds = tuple(str(components[c]["type"]) for c in dep["inputs"])
        choices = tuple(
            tuple(pair[1] if isinstance(pair, list | tuple) else pair for pair in props.get("choices") or ())
            for props in (components[c].get("props", {}) for c in dep["inputs"])
        )
        out.append(Handler(int(dep["id"]), name, kinds, choices))
    return out


class GradioSession:
    """``with GradioSession(url, token) as tab: tab.call(fn_index, [values])``."""

    def __init__(self, base_url: str, token: str | None, timeout: float = 60.0) -> None:
        self.session_hash = uuid.uuid4().hex
        cookies = {"mm_session": token} if token else None
        self._http = httpx.Client(base_url=base_url, cookies=cookies, timeout=timeout)

    def __enter__(self) -> GradioSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def call(self, fn_index: int, data: list[Any], event_data: Any = None) -> Reply:
        body = {
            "data": data,
            "fn_index": fn_index,
            "session_hash": self.session_hash,
            "event_data": event_data,
        }
        # json.dumps, not httpx's encoder: NaN, infinities and lone surrogates are part of the test.
        joined = self._http.post(
            "/gradio_api/queue/join",
            content=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        if joined.status_code != 200:
            return Reply(False, joined.text, joined.status_code)
        params = {"session_hash": self.session_hash}
        with self._http.stream("GET", "/gradio_api/queue/data", params=params) as stream:
            for line in sse_lines(stream):
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    return Reply(bool(message.get("success")), message.get("output"), stream.status_code)
        return Reply(False, "no answer", 0)
