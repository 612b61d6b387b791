"""Timeouts, retries, rate limits, prices and parent-readable errors of the OpenAI providers."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

import pytest

from engine.art.openai_images import OpenAIIllustrator
from engine.config import Settings
from engine.errors import MemoryMakerError, ProviderError
from engine.models import CharacterSpec, Scene, SceneCharacter
from engine.openai_client import RateLimiter, build_client, price
from engine.providers import PictureRequest, StoryRequest
from engine.story.openai_writer import OpenAIWriter
from tests.fakes.conftest_openai import openai_settings_fields
from tests.fakes.openai_server import FakeOpenAIServer

CAST = (
    CharacterSpec(name="Sal", kind="girl"),
    CharacterSpec(name="Rex", kind="dog"),
    CharacterSpec(name="Mo"),
)
T = TypeVar("T")
TRANSIENT = ("429", "500", "hang", "cut", "malformed")


def settings_for(server: FakeOpenAIServer, tmp_path: Path, **overrides: object) -> Settings:
    fields = openai_settings_fields(server, **overrides)
    return Settings(_env_file=None, data_dir=tmp_path, **fields)


def story_request(pages: int = 12) -> StoryRequest:
    return StoryRequest(
        cast=CAST, age_group="6-8", tone="funny", moral="sharing", setting="seaside", pages=pages, seed=1
    )


def picture(index: int, references: tuple[bytes | None, ...] = ()) -> PictureRequest:
    scene = Scene(setting="seaside", place=f"spot {index}", characters=(SceneCharacter(who=index % 3),))
    return PictureRequest(
        scene=scene, cast=CAST, style="flat", seed=index, page_index=index, references=references
    )


@pytest.mark.slow
def test_with_thirty_percent_faults_every_call_succeeds_or_fails_clearly_and_is_counted(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    # Seed 7 includes three garbled answers in a row for one call: that call must fail clearly.
    openai_server.configure(fault_rate=0.3, fault_kinds=TRANSIENT, seed=7, hang_s=2.0)
    # A client timeout well above the fake's work time, so no answer is completed but unheard.
    settings = settings_for(openai_server, tmp_path, openai_timeout_s=1.0)
    client = build_client(settings)
    artist = OpenAIIllustrator(client, settings)
    errors: list[MemoryMakerError] = []

    def attempt(step: Callable[[], T]) -> T | None:
        try:
            return step()
        except ProviderError as err:
            errors.append(err)
            return None

    story = attempt(lambda: OpenAIWriter(client, settings).write(story_request()))
    portraits = [attempt(partial(artist.portrait, c, "flat", seed=1)) for c in CAST]
    references = tuple(p.data if p else None for p in portraits)
    with ThreadPoolExecutor(max_workers=4) as pool:
        pages = list(pool.map(lambda i: attempt(lambda: artist.draw(picture(i, references))), range(12)))

    done = [r for r in [story, *portraits, *pages] if r is not None]
    assert len(done) + len(errors) == 16
    assert len(done) >= 13
    assert all("try again" in e.message for e in errors)
    assert sum(openai_server.stats.faults.values()) >= 8  # the faults really happened
    paid = openai_server.stats.succeeded
    usage = [u for r in done for u in r.usage]
    assert len(usage) == paid["chat.completions"] + paid["images.generations"] + paid["images.edits"]


def test_a_server_that_keeps_failing_gives_a_clear_provider_error(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    openai_server.configure(fault_rate=1.0, fault_kinds=("500",))
    settings = settings_for(openai_server, tmp_path, openai_max_retries=1)
    with pytest.raises(ProviderError, match="picture service is having trouble") as caught:
        OpenAIIllustrator(build_client(settings), settings).draw(picture(0))
    assert caught.value.__cause__ is not None  # the technical detail is kept for the log
    assert openai_server.stats.received["images.generations"] == 2


def test_a_wrong_key_is_explained_without_retrying(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    settings = settings_for(openai_server, tmp_path, openai_api_key="sk-wrong")
    with pytest.raises(ProviderError, match="did not accept Memory Maker's OpenAI key"):
        OpenAIWriter(build_client(settings), settings).write(story_request(4))
    assert openai_server.stats.received["chat.completions"] == 1


def test_an_exhausted_quota_is_explained(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    openai_server.configure(fault_rate=1.0, fault_kinds=("quota",))
    settings = settings_for(openai_server, tmp_path, openai_max_retries=0)
    with pytest.raises(ProviderError, match="run out of credit"):
        OpenAIIllustrator(build_client(settings), settings).portrait(CAST[0], "flat", seed=1)


def test_rate_limited_calls_wait_for_retry_after_then_succeed(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    openai_server.configure(fault_rate=1.0, fault_kinds=("429",), fault_limit=1, retry_after_s=0.6)
    settings = settings_for(openai_server, tmp_path)
    started = time.monotonic()
    OpenAIIllustrator(build_client(settings), settings).draw(picture(1))
    assert time.monotonic() - started >= 0.6
    assert openai_server.stats.received["images.generations"] == 2


@pytest.mark.parametrize("fault", ["malformed", "cut", "hang"])
def test_one_broken_answer_is_asked_again(
    openai_server: FakeOpenAIServer, tmp_path: Path, fault: str
) -> None:
    openai_server.configure(fault_rate=1.0, fault_kinds=(fault,), fault_limit=1, hang_s=1.0)
    settings = settings_for(openai_server, tmp_path, openai_timeout_s=0.5)
    written = OpenAIWriter(build_client(settings), settings).write(story_request(4))
    assert len(written.story.pages) == 4
    assert openai_server.stats.received["chat.completions"] == 2


def test_a_hanging_server_times_out_with_a_clear_message(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    openai_server.configure(fault_rate=1.0, fault_kinds=("hang",), hang_s=1.0)
    settings = settings_for(openai_server, tmp_path, openai_timeout_s=0.3, openai_max_retries=0)
    started = time.monotonic()
    with pytest.raises(ProviderError, match="took too long"):
        OpenAIWriter(build_client(settings), settings).write(story_request(4))
    assert time.monotonic() - started < 1.0


def test_an_unreachable_server_is_explained(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None, data_dir=tmp_path, openai_base_url="http://127.0.0.1:9/v1", openai_max_retries=0
    )
    with pytest.raises(ProviderError, match="couldn't reach the story service"):
        OpenAIWriter(build_client(settings), settings).write(story_request(4))


def test_rate_limiter_spaces_requests_after_a_burst() -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0], sleep=sleep)
    assert [limiter.acquire() for _ in range(4)] == [0.0, 0.0, pytest.approx(1.0), pytest.approx(1.0)]
    now[0] += 10  # a quiet spell refills the bucket, but never beyond the burst
    assert [limiter.acquire() for _ in range(3)] == [0.0, 0.0, pytest.approx(1.0)]


def test_every_http_request_passes_the_client_rate_limit(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    settings = settings_for(openai_server, tmp_path)
    limiter = RateLimiter(per_minute=600, burst=1)  # one request every 0.1 s
    client = build_client(settings, limiter)
    started = time.monotonic()
    for _ in range(4):
        client.models.list()
    assert time.monotonic() - started >= 0.3


def test_prices_come_from_the_settings_table(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert price(settings, "gpt-4.1-mini", "input", 1_000_000) == pytest.approx(0.40)
    assert price(settings, "gpt-4.1-mini-2025-04-14", "output", 500_000) == pytest.approx(0.80)
    assert price(settings, "gpt-image-1-mini", "image", 3) == pytest.approx(0.033)
    assert price(settings, "gpt-4o-mini-tts", "characters", 1000) == pytest.approx(0.012)
    assert price(settings, "llama3.2", "input", 10_000) == 0.0  # a local model costs nothing
