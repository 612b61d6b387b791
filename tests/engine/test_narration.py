"""Reading pages aloud: OpenAI text-to-speech through the loopback server, and espeak-ng offline."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from engine.cache import DbCache
from engine.config import Settings
from engine.errors import ProviderError, ValidationError
from engine.openai_client import build_client
from engine.voice.audio_files import mp3_duration
from engine.voice.espeak import EspeakNarrator
from engine.voice.openai_tts import OpenAINarrator, chunks
from storage.db import Database
from tests.fakes.conftest_openai import openai_settings_fields
from tests.fakes.openai_answers import MP3_FRAME, MP3_FRAME_SECONDS, SECONDS_PER_CHARACTER
from tests.fakes.openai_server import FakeOpenAIServer

PAGE = "Sal and Rex ran down to the sea. 'Look!' said Sal. 'A shell as big as a boat!'"
needs_espeak = pytest.mark.skipif(not EspeakNarrator.available(), reason="espeak-ng is not installed")


def narrator_for(server: FakeOpenAIServer, tmp_path: Path, cache: DbCache | None = None) -> OpenAINarrator:
    settings = Settings(_env_file=None, data_dir=tmp_path, **openai_settings_fields(server))
    return OpenAINarrator(build_client(settings), settings, cache)


def speech_bodies(server: FakeOpenAIServer) -> list[dict[str, object]]:
    return [r.body for r in server.requests if r.endpoint == "audio.speech"]


def test_openai_narration_is_an_mp3_as_long_as_the_reading(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    speech = narrator_for(openai_server, tmp_path).speak(PAGE)

    assert speech.format == "mp3" and speech.data[:2] == b"\xff\xfb"
    assert speech.duration_s == pytest.approx(len(PAGE) * SECONDS_PER_CHARACTER, abs=MP3_FRAME_SECONDS)
    (body,) = speech_bodies(openai_server)
    assert body["voice"] == "coral" and body["response_format"] == "mp3"
    assert speech.usage[0].units == len(PAGE)
    assert speech.usage[0].cost_usd == pytest.approx(len(PAGE) * 12.0 / 1_000_000)


def test_voice_and_language_reach_the_voice_model(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    speech = narrator_for(openai_server, tmp_path).speak("Hola, Sal.", voice="nova", language="es")

    (body,) = speech_bodies(openai_server)
    assert body["voice"] == "nova" and speech.voice == "nova"
    assert "in Spanish" in str(body["instructions"])


def test_a_very_long_page_is_read_in_parts_and_joined(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    text = " ".join([PAGE] * 120)  # about 9,700 characters; the endpoint takes at most 4,096

    speech = narrator_for(openai_server, tmp_path).speak(text)

    inputs = [str(b["input"]) for b in speech_bodies(openai_server)]
    assert len(inputs) == 3 and all(len(i) <= 4096 for i in inputs)
    assert " ".join(inputs) == text
    assert speech.duration_s == pytest.approx(len(text) * SECONDS_PER_CHARACTER, rel=0.01)


def test_identical_narration_is_served_from_the_cache_for_free(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    narrator = narrator_for(openai_server, tmp_path, DbCache(Database(f"sqlite:///{tmp_path / 'c.db'}")))

    first = narrator.speak(PAGE)
    again = narrator.speak(PAGE)

    assert again.data == first.data and again.usage[0].cost_usd == 0.0
    assert openai_server.stats.received["audio.speech"] == 1


def test_an_empty_page_has_nothing_to_read(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        narrator_for(openai_server, tmp_path).speak("  ")


def test_chunks_split_between_sentences() -> None:
    assert chunks("One. Two! Three?", limit=10) == ["One. Two!", "Three?"]
    assert chunks("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_mp3_duration_skips_an_id3_tag_and_counts_frames() -> None:
    tag = b"ID3\x04\x00\x00\x00\x00\x00\x05" + b"\x00" * 5
    assert mp3_duration(tag + MP3_FRAME * 50) == pytest.approx(50 * MP3_FRAME_SECONDS)
    assert mp3_duration(b"not audio at all") == 0.0


@needs_espeak
def test_offline_narrator_reads_a_page_aloud_as_a_wav() -> None:
    speech = EspeakNarrator().speak(PAGE)

    assert speech.format == "wav" and speech.provider == "espeak" and speech.voice == "en-us"
    with wave.open(io.BytesIO(speech.data)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert 2.0 < seconds < 15.0
    assert speech.duration_s == pytest.approx(seconds, abs=0.01)
    assert speech.usage[0].cost_usd == 0.0


@needs_espeak
def test_offline_narrator_speaks_the_books_language() -> None:
    narrator = EspeakNarrator()
    spanish = narrator.speak("Había una vez un dragón muy amable.", language="es")
    german = narrator.speak("Es war einmal ein freundlicher Drache.", language="de")  # type: ignore[arg-type]

    assert (spanish.voice, german.voice) == ("es", "de")
    assert spanish.duration_s > 1.0 and german.duration_s > 1.0


@needs_espeak
def test_offline_narrator_refuses_unknown_or_option_like_voices() -> None:
    with pytest.raises(ValidationError):
        EspeakNarrator().speak(PAGE, voice="--path=/tmp")
    with pytest.raises(ProviderError, match="Read-aloud didn't work"):
        EspeakNarrator().speak(PAGE, voice="xx-nonexistent")
