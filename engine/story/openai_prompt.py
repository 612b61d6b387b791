"""The chat messages that ask a language model for a story; the wording is in ``data/openai_story.toml``."""

from __future__ import annotations

import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from engine.art.character_sheet import character_sheet
from engine.catalog import label
from engine.providers import StoryRequest
from engine.story.languages import language
from engine.story.openai_schema import StoryDraft, max_words

DATA = Path(__file__).with_name("data") / "openai_story.toml"
Message = dict[str, str]


@cache
def _words() -> dict[str, Any]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


def draft_schema() -> dict[str, Any]:
    """The JSON Schema of ``StoryDraft``, as sent for structured output or written into the prompt."""
    return StoryDraft.model_json_schema()


def story_messages(request: StoryRequest, *, schema_in_prompt: bool) -> list[Message]:
    """System and user messages for ``request``; ``schema_in_prompt`` when the server can't enforce it."""
    words = _words()
    rules = "\n".join(f"- {rule}" for rule in words["rules"])
    user = [_request_text(request)]
    if request.note.strip():
        user.append(words["note"].format(note=request.note.strip()))
    if request.previously.strip():
        user.append(words["previously"].format(previously=request.previously.strip()))
    if schema_in_prompt:
        user.append(words["json_schema"].format(schema=json.dumps(draft_schema(), separators=(",", ":"))))
    return [
        {"role": "system", "content": words["system"].format(rules=rules)},
        {"role": "user", "content": "\n\n".join(user)},
    ]


def repair_messages(previous: list[Message], answer: str, problems: list[str]) -> list[Message]:
    """The conversation so far plus a request to fix ``problems`` in the model's ``answer``."""
    listed = "\n".join(f"- {p}" for p in problems)
    return [
        *previous,
        {"role": "assistant", "content": answer},
        {"role": "user", "content": _words()["repair"].format(problems=listed)},
    ]


def _request_text(request: StoryRequest) -> str:
    words = _words()
    cast = "\n".join(_character_line(number, request) for number in range(len(request.cast)))
    return str(words["request"]).format(
        language=language(request.language).name,
        age_group=request.age_group,
        pages=request.pages,
        guidance=words["reading_levels"][request.age_group]["guidance"],
        max_words=max_words(request.age_group),
        tone=request.tone,
        moral=label(request.moral).lower(),
        setting=label(request.setting).lower(),
        cast=cast,
    )


def _character_line(number: int, request: StoryRequest) -> str:
    spec = request.cast[number]
    traits = f" Personality: {', '.join(spec.traits)}." if spec.traits else ""
    pronounce = f' {spec.name} is said like "{spec.pronunciation}".' if spec.pronunciation else ""
    return str(_words()["character"]).format(
        number=number, sheet=character_sheet(spec), traits=traits, pronounce=pronounce
    )
