"""The small protocols every story writer, illustrator, narrator and moderator implements.

Each has a built-in offline implementation and an OpenAI one; ``Studio`` picks them from settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from engine.catalog import AgeGroup, ArtStyle, Language, Moral, Setting, Tone
from engine.models import CharacterSpec, Scene, Story


@dataclass(frozen=True)
class Usage:
    """What one provider call consumed, for the family's usage and cost page."""

    what: str  # "story", "image", "portrait", "speech", "moderation"
    provider: str
    model: str
    units: float = 1.0  # tokens, images or characters, depending on ``what``
    cost_usd: float = 0.0


@dataclass(frozen=True)
class StoryRequest:
    """Everything a writer needs; ``cast`` is in the order scenes refer to (``SceneCharacter.who``)."""

    cast: tuple[CharacterSpec, ...]
    age_group: AgeGroup
    tone: Tone
    moral: Moral
    setting: Setting
    pages: int
    seed: int
    note: str = ""
    language: Language = "en"
    previously: str = ""  # a short summary of earlier books in the series, for sequels


@dataclass(frozen=True)
class WrittenStory:
    story: Story
    usage: tuple[Usage, ...] = ()


@dataclass(frozen=True)
class PictureRequest:
    """One illustration: the scene, the full cast (scene refers to it by index), style and seed."""

    scene: Scene
    cast: tuple[CharacterSpec, ...]
    style: ArtStyle
    seed: int
    page_index: int = 0
    width: int = 1024
    height: int = 1024
    references: tuple[bytes | None, ...] = ()  # portrait bytes per cast member, when available


@dataclass(frozen=True)
class Picture:
    """Encoded image bytes and where they came from."""

    data: bytes
    format: str  # "webp", "png" or "jpeg"
    width: int
    height: int
    provider: str
    model: str
    prompt: str = ""
    seed: int = 0
    usage: tuple[Usage, ...] = field(default=())


@dataclass(frozen=True)
class Speech:
    data: bytes
    format: str  # "mp3" or "wav"
    duration_s: float
    provider: str
    model: str
    voice: str
    usage: tuple[Usage, ...] = ()


@runtime_checkable
class StoryWriter(Protocol):
    name: str
    model: str

    def write(self, request: StoryRequest) -> WrittenStory: ...


@runtime_checkable
class Illustrator(Protocol):
    name: str
    model: str

    def draw(self, request: PictureRequest) -> Picture: ...

    def portrait(self, character: CharacterSpec, style: ArtStyle, seed: int, size: int = 512) -> Picture: ...


@runtime_checkable
class Narrator(Protocol):
    name: str
    model: str

    def speak(self, text: str, voice: str | None = None, language: Language = "en") -> Speech: ...


@runtime_checkable
class Moderator(Protocol):
    name: str

    def check(self, texts: list[str]) -> list[str | None]:
        """For each text, ``None`` if it is fine, else a short reason (never shown verbatim)."""
        ...


@runtime_checkable
class ResponseCache(Protocol):
    """Paid answers kept by request fingerprint, so an identical request is not paid for twice."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, value: bytes) -> None: ...
