"""Stand-ins for the language model behind the fake server's chat endpoint.

A brain reads the request the way a model would (the prompt text and the JSON schema it was asked
for) and answers with text. ``story_brain`` writes a valid story for whatever schema was requested,
using a few rules: the page count, cast and word limit are read from the prompt.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChatRequest:
    """One chat completion request as the fake received it."""

    model: str
    messages: tuple[dict[str, Any], ...]
    response_format: dict[str, Any] | None = None
    seed: int | None = None

    @property
    def text(self) -> str:
        parts: list[str] = []
        for message in self.messages:
            content = message.get("content")
            if isinstance(content, str):
                parts.append(content)
            elif isinstance(content, list):
                parts.extend(str(p.get("text", "")) for p in content if isinstance(p, dict))
        return "\n".join(parts)

    @property
    def json_schema(self) -> dict[str, Any] | None:
        """The schema from ``response_format``, else the first JSON schema written in the prompt."""
        if self.response_format and self.response_format.get("type") == "json_schema":
            schema = self.response_format.get("json_schema", {}).get("schema")
            return schema if isinstance(schema, dict) else None
        return schema_in_text(self.text)


@dataclass(frozen=True)
class Refusal:
    """Return this from a brain to answer with a model refusal instead of content."""

    message: str = "I'm sorry, but I can't help with that."


Brain = Callable[[ChatRequest], "str | Refusal"]


def schema_in_text(text: str) -> dict[str, Any] | None:
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", text):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(value, dict) and "properties" in value:
            return value
    return None


@dataclass
class _Context:
    pages: int
    names: list[str]
    word_limit: int
    rng: random.Random
    defs: dict[str, Any]
    page: int = 0
    who: int = 0
    used: list[str] = field(default_factory=list)


def story_brain(request: ChatRequest) -> str | Refusal:
    """A valid story as JSON for the requested schema, following the prompt's page count and cast."""
    schema = request.json_schema
    if schema is None:
        return "Once upon a time there was no schema, so this is not JSON."
    text = request.text
    pages = re.search(r"exactly (\d+) pages", text)
    limit = re.search(r"at most (\d+) words", text)
    names = [m.group(2).strip() for m in re.finditer(r"Character (\d+): ([^—\n]+?) —", text)]
    context = _Context(
        pages=int(pages.group(1)) if pages else 4,
        names=names or ["Sam"],
        word_limit=int(limit.group(1)) if limit else 40,
        rng=random.Random(request.seed or 0),
        defs=dict(schema.get("$defs", {})),
    )
    return json.dumps(_instance(schema, "story", context))


def _resolve(schema: dict[str, Any], ctx: _Context) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _resolve(dict(ctx.defs[ref.removeprefix("#/$defs/")]), ctx)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [_resolve(o, ctx) for o in schema[key]]
            return next((o for o in options if o.get("type") != "null"), options[0])
    return schema


def _instance(schema: dict[str, Any], name: str, ctx: _Context) -> Any:
    schema = _resolve(schema, ctx)
    if "enum" in schema:
        return ctx.rng.choice(list(schema["enum"]))
    kind = schema.get("type")
    if kind == "object":
        return {key: _instance(sub, key, ctx) for key, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return _array(schema.get("items", {}), name, ctx)
    if kind == "integer":
        return ctx.who if name in ("who", "speaker") else 0
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return False
    return _string(name, ctx)


def _array(items: dict[str, Any], name: str, ctx: _Context) -> list[Any]:
    out: list[Any] = []
    if name == "pages":
        for page in range(ctx.pages):
            ctx.page = page
            out.append(_instance(items, "page", ctx))
        return out
    if name == "characters":
        for who in range(len(ctx.names)):
            ctx.who = who
            out.append(_instance(items, "character", ctx))
        return out
    count = {"dialogue": 0, "beats": 3, "props": 1}.get(name, 1)
    return [_instance(items, name, ctx) for _ in range(count)]


def _string(name: str, ctx: _Context) -> str:
    together = " and ".join(ctx.names)
    if name == "title":
        return f"{ctx.names[0]} and the Big Day"
    if name == "text":
        words = f"{together} smile and play together on page {ctx.page + 1}.".split()
        return " ".join(words[: ctx.word_limit])
    if name == "place":
        return "a sunny clearing"
    if name == "refrain":
        return "Together we can!"
    if name == "summary":
        return f"{together} had a big day and learned to be kind."
    return f"{name} {ctx.page + 1}"
