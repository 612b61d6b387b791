"""The OpenAI story writer: a chat model writes the book as JSON in the offline writer's ``Story`` shape.

It asks for strict structured output first; a server that rejects that (many OpenAI-compatible ones)
is asked for JSON mode, then for plain JSON described in the prompt, and the writer remembers what
worked. Every answer is checked (page count, cast, words per page) and repaired once if needed.
Chat Completions rather than the Responses API, because every OpenAI-compatible server speaks it;
``create`` rather than ``parse`` so an answer that misses the schema still reports its token usage.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from typing import Any

import openai
import pydantic
from openai import Omit
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from openai.types.chat.completion_create_params import ResponseFormat
from openai.types.shared_params.response_format_json_schema import JSONSchema

from engine.config import Settings
from engine.errors import ContentRejected, ProviderError
from engine.models import Story
from engine.openai_client import REFUSAL_CODES, call_openai, fingerprint, price
from engine.providers import ResponseCache, StoryRequest, Usage, WrittenStory
from engine.story.openai_prompt import Message, draft_schema, repair_messages, story_messages
from engine.story.openai_schema import StoryDraft, draft_problems, to_story

log = logging.getLogger(__name__)
SERVICE = "story service"
MODES = ("json_schema", "json_object", "plain")
TEMPERATURE = 0.8
OPTIONAL_PARAMS = frozenset({"temperature", "seed"})
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


class OpenAIWriter:
    """``OpenAIWriter(build_client(settings), settings, cache).write(request).story``."""

    name = "openai"

    def __init__(self, client: openai.OpenAI, settings: Settings, cache: ResponseCache | None = None) -> None:
        self._client = client
        self._settings = settings
        self._cache = cache
        self.model = settings.openai_story_model
        self.mode = MODES[0]  # lowered once if the server has no structured output
        self.unsupported: set[str] = set()  # optional parameters this model refused

    def write(self, request: StoryRequest) -> WrittenStory:
        key = fingerprint("story", {"model": self.model, "request": _request_fields(request)})
        cached = self._cache.get(key) if self._cache is not None else None
        if cached is not None:
            free = Usage(what="story", provider=self.name, model=self.model, units=0.0, cost_usd=0.0)
            return WrittenStory(Story.model_validate_json(cached), (free,))
        usage: list[Usage] = []
        messages, completion = call_openai(SERVICE, lambda: self._first_answer(request))
        answer = self._content(completion, usage)
        draft, problems = read_draft(answer, request)
        if problems:
            log.info("story needs repair: %s", "; ".join(problems))
            retry = repair_messages(messages, answer, problems)
            completion = call_openai(SERVICE, lambda: self._complete(self.mode, retry, request.seed))
            answer = self._content(completion, usage)
            draft, problems = read_draft(answer, request)
        if draft is None or problems:
            log.warning("story still unusable after repair: %s", "; ".join(problems))
            raise ProviderError("The story service wrote a story that didn't fit the book. Please try again.")
        story = to_story(draft, request)
        if self._cache is not None:
            self._cache.put(key, story.model_dump_json().encode("utf-8"))
        return WrittenStory(story, tuple(usage))

    def _first_answer(self, request: StoryRequest) -> tuple[list[Message], ChatCompletion]:
        """Ask for the story, stepping down (once per process) to what this server supports."""
        while True:
            mode = self.mode
            messages = story_messages(request, schema_in_prompt=mode != "json_schema")
            try:
                return messages, self._complete(mode, messages, request.seed)
            except (openai.BadRequestError, openai.UnprocessableEntityError) as err:
                if err.code in REFUSAL_CODES:
                    raise
                if err.param in OPTIONAL_PARAMS and err.param not in self.unsupported:
                    log.warning("story model takes no %r; asking without it", err.param)
                    self.unsupported.add(err.param)  # e.g. reasoning models reject temperature
                elif mode != MODES[-1]:
                    log.warning("story server refused %s output (%s); trying the next way", mode, err)
                    self.mode = MODES[MODES.index(mode) + 1]
                else:
                    raise

    def _complete(self, mode: str, messages: list[Message], seed: int) -> ChatCompletion:
        response_format: ResponseFormat | Omit = openai.omit
        if mode == "json_schema":
            schema: JSONSchema = {"name": "picture_book", "schema": draft_schema(), "strict": True}
            response_format = {"type": "json_schema", "json_schema": schema}
        elif mode == "json_object":
            response_format = {"type": "json_object"}
        return self._client.chat.completions.create(
            model=self.model,
            messages=[_sdk_message(m) for m in messages],
            temperature=openai.omit if "temperature" in self.unsupported else TEMPERATURE,
            seed=openai.omit if "seed" in self.unsupported else seed,
            response_format=response_format,
        )

    def _content(self, completion: ChatCompletion, usage: list[Usage]) -> str:
        """The answer's text, after recording what it cost; a refusal becomes ``ContentRejected``."""
        tokens_in = completion.usage.prompt_tokens if completion.usage else 0
        tokens_out = completion.usage.completion_tokens if completion.usage else 0
        cost = price(self._settings, self.model, "input", tokens_in)
        cost += price(self._settings, self.model, "output", tokens_out)
        usage.append(
            Usage("story", self.name, self.model, units=float(tokens_in + tokens_out), cost_usd=cost)
        )
        choice = completion.choices[0] if completion.choices else None
        if choice is not None and (choice.message.refusal or choice.finish_reason == "content_filter"):
            log.info("story refused by the model: %s", choice.message.refusal)
            raise ContentRejected(
                "The story service wouldn't write this story. Please try a different note or characters."
            )
        return (choice.message.content or "") if choice is not None else ""


def read_draft(answer: str, request: StoryRequest) -> tuple[StoryDraft | None, list[str]]:
    """The draft in ``answer`` and what is wrong with it (empty when it can be used as it is)."""
    text = _FENCE.sub("", answer.strip())
    start, end = text.find("{"), text.rfind("}")
    try:
        data = json.loads(text[start : end + 1] if start >= 0 else text)
    except ValueError as err:
        return None, [f"The answer was not valid JSON ({err}). Answer with one JSON object only."]
    try:
        draft = StoryDraft.model_validate(data)
    except pydantic.ValidationError as err:
        details = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()[:6]]
        return None, ["The JSON does not match the schema: " + "; ".join(details)]
    return draft, draft_problems(draft, request)


def _sdk_message(message: Message) -> ChatCompletionMessageParam:
    if message["role"] == "system":
        return {"role": "system", "content": message["content"]}
    if message["role"] == "assistant":
        return {"role": "assistant", "content": message["content"]}
    return {"role": "user", "content": message["content"]}


def _request_fields(request: StoryRequest) -> dict[str, Any]:
    fields = dataclasses.asdict(request)
    fields["cast"] = [spec.model_dump(mode="json") for spec in request.cast]
    return fields
