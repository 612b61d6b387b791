"""Choosing the providers once, from settings: offline by default, OpenAI with a key or base URL."""

from __future__ import annotations

from dataclasses import dataclass, replace

from engine.config import Settings
from engine.providers import Illustrator, Moderator, Narrator, ResponseCache, StoryWriter


@dataclass(frozen=True)
class Providers:
    writer: StoryWriter
    illustrator: Illustrator
    narrator: Narrator | None
    moderators: tuple[Moderator, ...]
    painter: Illustrator  # always the offline one: live character previews must be instant and free


def offline_providers() -> Providers:
    from engine.art.offline import OfflineIllustrator
    from engine.safety.wordlist import WordListModerator
    from engine.story.offline import OfflineWriter
    from engine.voice.espeak import EspeakNarrator

    painter = OfflineIllustrator()
    return Providers(
        writer=OfflineWriter(),
        illustrator=painter,
        narrator=EspeakNarrator() if EspeakNarrator.available() else None,
        moderators=(WordListModerator(),),
        painter=painter,
    )


def build_providers(settings: Settings, cache: ResponseCache) -> dict[str, Providers]:
    """Every provider set this installation can use, by name; ``default_set`` says which one new books get."""
    offline = offline_providers()
    if settings.offline_picture_delay_s > 0:
        from engine.art.paced import PacedIllustrator

        offline = replace(
            offline, illustrator=PacedIllustrator(offline.illustrator, settings.offline_picture_delay_s)
        )
    sets = {"offline": offline}
    if settings.use_openai:
        sets["openai"] = _openai_providers(settings, cache, offline)
    return sets


def default_set(settings: Settings) -> str:
    return "openai" if settings.use_openai else "offline"


def _openai_providers(settings: Settings, cache: ResponseCache, offline: Providers) -> Providers:
    from engine.art.openai_images import OpenAIIllustrator
    from engine.openai_client import build_client
    from engine.safety.openai_moderation import OpenAIModerator
    from engine.story.openai_writer import OpenAIWriter
    from engine.voice.openai_tts import OpenAINarrator

    client = build_client(settings)
    return Providers(
        writer=OpenAIWriter(client, settings, cache),
        illustrator=OpenAIIllustrator(client, settings, cache),
        narrator=OpenAINarrator(client, settings),
        # The word list runs first and always; the online check adds to it when it answers.
        moderators=(*offline.moderators, OpenAIModerator(client, settings)),
        painter=offline.painter,
    )
