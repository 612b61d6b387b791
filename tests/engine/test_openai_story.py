"""The OpenAI story writer, through the real SDK, against the loopback OpenAI-compatible server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cache import DbCache
from engine.config import Settings
from engine.errors import ContentRejected, ProviderError
from engine.models import CharacterSpec
from engine.openai_client import build_client
from engine.providers import StoryRequest
from engine.story.openai_writer import OpenAIWriter
from storage.db import Database
from tests.fakes.brains import ChatRequest, Refusal, story_brain
from tests.fakes.conftest_openai import openai_settings_fields
from tests.fakes.openai_server import FakeOpenAIServer

CAST = (
    CharacterSpec(name="Sal", kind="girl", age=6, traits=("brave", "curious"), accessory="glasses"),
    CharacterSpec(name="Rex", kind="dog", skin="#b07a3c", traits=("loyal",)),
)


def request(**changes: object) -> StoryRequest:
    fields: dict[str, object] = dict(
        cast=CAST, age_group="3-5", tone="cozy", moral="kindness", setting="forest", pages=6, seed=7
    )
    fields.update(changes)
    return StoryRequest(**fields)  # type: ignore[arg-type]


def writer_for(server: FakeOpenAIServer, tmp_path: Path, cache: DbCache | None = None) -> OpenAIWriter:
    settings = Settings(_env_file=None, data_dir=tmp_path, **openai_settings_fields(server))
    return OpenAIWriter(build_client(settings), settings, cache)


def chat_bodies(server: FakeOpenAIServer) -> list[dict[str, object]]:
    return [r.body for r in server.requests if r.endpoint == "chat.completions"]


def test_story_has_the_requested_pages_and_every_character(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    written = writer_for(openai_server, tmp_path).write(request())

    story = written.story
    assert len(story.pages) == 6
    text = " ".join(p.text for p in story.pages)
    assert "Sal" in text and "Rex" in text
    assert all(p.scene.setting == "forest" for p in story.pages)
    assert {c.who for p in story.pages for c in p.scene.characters} == {0, 1}
    assert openai_server.invalid_requests == []


def test_prompt_carries_cast_looks_reading_level_language_and_sequel(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    writer_for(openai_server, tmp_path).write(
        request(age_group="0-2", language="fr", previously="Sal found a lost kite.", note="Rex loves apples")
    )

    prompt = json.dumps(chat_bodies(openai_server)[0]["messages"], ensure_ascii=False)
    assert "in French" in prompt
    assert "at most 15 words" in prompt
    assert "Character 0: Sal — a young girl (she/her), about 6 years old" in prompt
    assert "round glasses" in prompt and "brave, curious" in prompt
    assert "Sal found a lost kite." in prompt and "Rex loves apples" in prompt
    assert "nobody is hurt" in prompt


def test_structured_output_asks_for_the_strict_story_schema(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    writer_for(openai_server, tmp_path).write(request())

    response_format = chat_bodies(openai_server)[0]["response_format"]
    assert isinstance(response_format, dict)
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True


@pytest.mark.parametrize(
    ("server_supports", "expected_mode"), [("json_object", "json_object"), ("none", "plain")]
)
def test_server_without_structured_output_gets_a_json_fallback(
    openai_server: FakeOpenAIServer, tmp_path: Path, server_supports: str, expected_mode: str
) -> None:
    openai_server.configure(structured_outputs=server_supports)
    writer = writer_for(openai_server, tmp_path)

    first = writer.write(request())
    second = writer.write(request(seed=8))

    assert len(first.story.pages) == 6 and len(second.story.pages) == 6
    assert writer.mode == expected_mode
    bodies = chat_bodies(openai_server)
    assert "JSON Schema" in json.dumps(bodies[-1]["messages"])  # the schema is spelled out in the prompt
    assert len(bodies) == (3 if expected_mode == "json_object" else 4)  # refused attempts are not repeated


def test_a_model_without_temperature_or_seed_still_writes(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    openai_server.configure(rejected_params=("temperature", "seed"))
    writer = writer_for(openai_server, tmp_path)

    assert len(writer.write(request()).story.pages) == 6
    assert writer.mode == "json_schema" and writer.unsupported == {"temperature", "seed"}
    assert "temperature" not in chat_bodies(openai_server)[-1]


def test_a_story_with_the_wrong_page_count_is_repaired_once(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    answers: list[str] = []

    def short_first(chat: ChatRequest) -> str | Refusal:
        answer = story_brain(chat)
        if not answers and isinstance(answer, str):
            data = json.loads(answer)
            answer = json.dumps({**data, "pages": data["pages"][:3]})
        answers.append(str(answer))
        return answer

    openai_server.configure(brain=short_first)
    written = writer_for(openai_server, tmp_path).write(request())

    assert len(written.story.pages) == 6
    repair = json.dumps(chat_bodies(openai_server)[1]["messages"])
    assert "has 3 pages but must have exactly 6 pages" in repair
    assert len(written.usage) == 2  # both calls were paid for


def test_pages_over_the_word_limit_twice_give_a_clear_error(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    def wordy(chat: ChatRequest) -> str | Refusal:
        data = json.loads(str(story_brain(chat)))
        for page in data["pages"]:
            page["text"] = "Sal and Rex " + "walk " * 60
        return json.dumps(data)

    openai_server.configure(brain=wordy)
    with pytest.raises(ProviderError, match="didn't fit the book"):
        writer_for(openai_server, tmp_path).write(request())
    assert openai_server.stats.succeeded["chat.completions"] == 2


def test_not_json_at_all_is_repaired(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    calls: list[int] = []

    def chatty(chat: ChatRequest) -> str | Refusal:
        calls.append(1)
        return "Here is a lovely story about Sal!" if len(calls) == 1 else story_brain(chat)

    openai_server.configure(brain=chatty)
    assert len(writer_for(openai_server, tmp_path).write(request()).story.pages) == 6


def test_model_refusal_is_a_kind_content_rejection(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    openai_server.configure(brain=lambda chat: Refusal())
    with pytest.raises(ContentRejected, match="wouldn't write this story"):
        writer_for(openai_server, tmp_path).write(request())


def test_usage_counts_tokens_and_prices_them(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    written = writer_for(openai_server, tmp_path).write(request())

    (usage,) = written.usage
    assert usage.what == "story" and usage.model == "gpt-4.1-mini"
    assert usage.units > 100
    assert 0 < usage.cost_usd < 0.01


def test_identical_second_story_comes_from_the_cache_for_free(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    cache = DbCache(Database(f"sqlite:///{tmp_path / 'cache.db'}"))
    writer = writer_for(openai_server, tmp_path, cache)

    first = writer.write(request())
    second = writer.write(request())

    assert second.story == first.story
    assert second.usage[0].cost_usd == 0.0
    assert openai_server.stats.received["chat.completions"] == 1
    writer.write(request(seed=99))
    assert openai_server.stats.received["chat.completions"] == 2  # another seed is another book
