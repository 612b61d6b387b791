"""A whole book through every OpenAI provider at once: story, portraits, pages, narration, checks."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from engine.art.character_sheet import character_sheet
from engine.art.openai_images import OpenAIIllustrator
from engine.config import Settings
from engine.models import CharacterSpec
from engine.openai_client import build_client
from engine.providers import PictureRequest, StoryRequest
from engine.safety.openai_moderation import OpenAIModerator
from engine.story.openai_writer import OpenAIWriter
from engine.voice.openai_tts import OpenAINarrator
from tests.fakes.conftest_openai import openai_settings_fields
from tests.fakes.openai_server import FakeOpenAIServer

CAST = (
    CharacterSpec(name="Ava", kind="girl", traits=("curious",), hair_style="pigtails"),
    CharacterSpec(name="Bo", kind="bear", skin="#8b5a2b"),
    CharacterSpec(name="Grandpa Joe", kind="grandpa", accessory="hat"),
)


def test_a_twelve_page_book_through_the_openai_providers(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, **openai_settings_fields(openai_server))
    client = build_client(settings)
    request = StoryRequest(
        cast=CAST,
        age_group="6-8",
        tone="adventurous",
        moral="bravery",
        setting="snowy-mountains",
        pages=12,
        seed=5,
    )

    written = OpenAIWriter(client, settings).write(request)
    assert OpenAIModerator(client, settings).check([p.text for p in written.story.pages]) == [None] * 12
    artist = OpenAIIllustrator(client, settings)
    portraits = [artist.portrait(c, "bedtime", seed=5) for c in CAST]
    pages = [
        PictureRequest(
            scene=p.scene,
            cast=CAST,
            style="bedtime",
            seed=5,
            page_index=i,
            references=tuple(x.data for x in portraits),
        )
        for i, p in enumerate(written.story.pages)
    ]
    with ThreadPoolExecutor(max_workers=settings.openai_image_concurrency) as pool:
        pictures = list(pool.map(artist.draw, pages))
    narrator = OpenAINarrator(client, settings)
    speeches = [narrator.speak(p.text) for p in written.story.pages[:2]]

    assert len(pictures) == 12 and all(p.format == "webp" for p in pictures)
    edits = [r for r in openai_server.requests if r.endpoint == "images.edits"]
    assert len(edits) == 12
    for edit in edits:
        assert all(character_sheet(c) in str(edit.body["prompt"]) for c in CAST)
        assert len(edit.files["image"]) == 3
    assert all(s.duration_s > 0 for s in speeches)
    usage = [*written.usage, *(u for p in [*portraits, *pictures] for u in p.usage)]
    assert sum(u.cost_usd for u in usage if u.what in ("portrait", "image")) == pytest.approx(15 * 0.011)
    assert openai_server.invalid_requests == []
