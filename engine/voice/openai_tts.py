"""The OpenAI narrator: each page read aloud as MP3 by an OpenAI text-to-speech voice."""

from __future__ import annotations

import json
import logging
import re
from functools import cache
from pathlib import Path
from typing import Any

import openai

from engine.catalog import Language
from engine.config import Settings
from engine.errors import ValidationError
from engine.openai_client import call_openai, fingerprint, price
from engine.providers import ResponseCache, Speech, Usage
from engine.story.languages import language as language_info
from engine.voice.audio_files import mp3_duration

log = logging.getLogger(__name__)
SERVICE = "voice service"
DATA = Path(__file__).with_name("data") / "narration.json"
MAX_INPUT = 4000  # the endpoint takes 4096 characters; longer text is read in parts and joined
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])\s+")


@cache
def _words() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def chunks(text: str, limit: int = MAX_INPUT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, split between sentences where possible."""
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text.strip()):
        while len(sentence) > limit:
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
        if current and len(current) + 1 + len(sentence) > limit:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    return [*pieces, current] if current else pieces


class OpenAINarrator:
    """``OpenAINarrator(client, settings).speak("Once upon a time…", language="en").data`` is MP3."""

    name = "openai"

    def __init__(self, client: openai.OpenAI, settings: Settings, cache: ResponseCache | None = None) -> None:
        self._client = client
        self._settings = settings
        self._cache = cache
        self.model = settings.openai_tts_model

    def speak(self, text: str, voice: str | None = None, language: Language = "en") -> Speech:
        text = " ".join(text.split())
        if not text:
            raise ValidationError("There are no words on this page to read aloud.")
        voice = voice or self.default_voice(language)
        instructions = self._instructions(language)
        key = fingerprint(
            "speech", {"model": self.model, "voice": voice, "text": text, "instructions": instructions}
        )
        cached = self._cache.get(key) if self._cache is not None else None
        if cached is not None:
            return self._speech(cached, voice, Usage("speech", self.name, self.model, 0.0, 0.0))
        audio = b"".join(self._synthesise(part, voice, instructions) for part in chunks(text))
        if self._cache is not None:
            self._cache.put(key, audio)
        cost = price(self._settings, self.model, "characters", len(text))
        return self._speech(audio, voice, Usage("speech", self.name, self.model, float(len(text)), cost))

    def default_voice(self, language: Language = "en") -> str:
        """The narrator's own voice (from settings); characters are given other ones."""
        return self._settings.openai_tts_voice

    def _instructions(self, language: str) -> str | None:
        if self.model in _words()["models_without_instructions"]:
            return None
        return str(_words()["instructions"]).format(language=language_info(language).name)

    def _synthesise(self, text: str, voice: str, instructions: str | None) -> bytes:
        extra: dict[str, Any] = {"instructions": instructions} if instructions else {}
        response = call_openai(
            SERVICE,
            lambda: self._client.audio.speech.create(
                model=self.model, voice=voice, input=text, response_format="mp3", **extra
            ),
        )
        return response.content

    def _speech(self, audio: bytes, voice: str, usage: Usage) -> Speech:
        return Speech(
            data=audio,
            format="mp3",
            duration_s=round(mp3_duration(audio), 3),
            provider=self.name,
            model=self.model,
            voice=voice,
            usage=(usage,),
        )
