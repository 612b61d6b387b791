"""Checks what the SDK sends (and what the fake answers) against OpenAI's published OpenAPI description.

The spec is loaded once per process. It is OpenAPI 3.1 but still marks optional nulls with the 3.0
``nullable`` keyword, which JSON Schema ignores; we rewrite it to ``anyOf [..., null]`` so an explicit
``null`` is judged the way OpenAI's server judges it.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # ships no type hints
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "openai-openapi.json"
SPEC_URI = "urn:openai:openapi"
API_PREFIX = "/v1"

_lock = threading.Lock()
_loaded: dict[str, Any] = {}
_validators: dict[str, Draft202012Validator] = {}


@dataclass
class FormData:
    """A parsed multipart body: text fields (coerced to the schema's types) and uploaded files."""

    fields: dict[str, Any] = field(default_factory=dict)
    files: dict[str, list[bytes]] = field(default_factory=dict)


def _nullable_to_anyof(node: Any) -> Any:
    if isinstance(node, list):
        return [_nullable_to_anyof(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _nullable_to_anyof(value) for key, value in node.items()}
    if out.get("nullable") is True:
        del out["nullable"]
        return {"anyOf": [out, {"type": "null"}]}
    return out


def spec() -> dict[str, Any]:
    """The rewritten spec document (loaded on first use, shared by every server in the process)."""
    with _lock:
        if "spec" not in _loaded:
            raw = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
            document = _nullable_to_anyof(raw)
            resource = Resource.from_contents(document, default_specification=DRAFT202012)
            _loaded["spec"] = document
            _loaded["registry"] = Registry().with_resource(SPEC_URI, resource)
        return dict(_loaded["spec"])


def _validator(pointer: str) -> Draft202012Validator:
    spec()
    with _lock:
        if pointer not in _validators:
            _validators[pointer] = Draft202012Validator(
                {"$ref": f"{SPEC_URI}#{pointer}"}, registry=_loaded["registry"]
            )
        return _validators[pointer]


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _operation_pointer(path: str, method: str) -> str:
    api_path = path.split("?", 1)[0].removeprefix(API_PREFIX)
    if api_path not in spec()["paths"]:
        raise KeyError(f"{method.upper()} {api_path} is not in the OpenAPI description")
    return f"/paths/{_escape(api_path)}/{method.lower()}"


def _resolve(pointer: str) -> Any:
    node: Any = spec()
    for part in pointer.strip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _errors(pointer: str, instance: Any) -> list[str]:
    found = sorted(_validator(pointer).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"at {e.json_path}: {e.message[:300]}" for e in found]


def validate_request(path: str, method: str, content_type: str, body: Any) -> list[str]:
    """Every reason ``body`` does not match the request schema of that path, method and media type."""
    media = content_type.split(";", 1)[0].strip()
    operation = _operation_pointer(path, method)
    if media not in _resolve(operation).get("requestBody", {}).get("content", {}):
        return [f"media type {media!r} is not accepted here"]
    return _errors(f"{operation}/requestBody/content/{_escape(media)}/schema", body)


def validate_response(path: str, method: str, status: int, body: Any) -> list[str]:
    """Every reason our JSON answer does not match the documented response schema."""
    if status >= 400:
        return _errors("/components/schemas/ErrorResponse", body)
    operation = _operation_pointer(path, method)
    content = _resolve(operation).get("responses", {}).get(str(status), {}).get("content", {})
    if "application/json" not in content:
        return [f"{status} answers are not documented as JSON here"]
    return _errors(f"{operation}/responses/{status}/content/application~1json/schema", body)


_SAMPLES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "/chat/completions",
        "application/json",
        {"model": "m", "messages": [{"role": "user", "content": "hi"}]},
    ),
    ("/images/generations", "application/json", {"prompt": "a cat"}),
    ("/images/edits", "multipart/form-data", {"prompt": "a cat", "image": ["<binary>"]}),
    ("/audio/speech", "application/json", {"model": "m", "input": "hi", "voice": "coral"}),
    ("/moderations", "application/json", {"input": ["hi"]}),
)


def warm_up() -> None:
    """Load the spec and build every validator now, so no test request pays for it (once per process)."""
    with _lock:
        if _loaded.get("warm"):
            return
    for path, media, body in _SAMPLES:
        validate_request(API_PREFIX + path, "post", media, body)
        if path != "/audio/speech":  # answers with audio bytes, not JSON
            validate_response(API_PREFIX + path, "post", 200, {})
    validate_response(API_PREFIX + "/models", "get", 200, {})
    validate_response(API_PREFIX + "/models", "get", 400, {})
    with _lock:
        _loaded["warm"] = True


def parse_multipart(content_type: str, raw: bytes, path: str) -> FormData:
    """Split a multipart body into fields and files; ``image[]`` (repeated) becomes a list."""
    header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + raw)
    form = FormData()
    if not message.is_multipart():
        return form
    for part in message.iter_parts():
        name = str(part.get_param("name", header="content-disposition") or "")
        is_list = name.endswith("[]")
        name = name.removesuffix("[]")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if part.get_filename() is not None:
            form.files.setdefault(name, []).append(data)
            value: Any = "<binary>"
        else:
            value = _coerce(path, name, data.decode("utf-8"))
        if is_list or name in form.fields:
            previous = form.fields.get(name, [])
            form.fields[name] = [*(previous if isinstance(previous, list) else [previous]), value]
        else:
            form.fields[name] = value
    return form


def _coerce(path: str, name: str, text: str) -> Any:
    """Form fields arrive as text; read them as the number or boolean the schema asks for."""
    media = f"{_operation_pointer(path, 'post')}/requestBody/content/multipart~1form-data/schema"
    target = str(_resolve(media).get("$ref", "")).removeprefix("#")
    if not target or name not in _resolve(target).get("properties", {}):
        return text
    prop = f"{target}/properties/{_escape(name)}"
    if not _errors(prop, text):
        return text
    try:
        decoded = json.loads(text)
    except ValueError:
        return text
    return decoded if not _errors(prop, decoded) else text
