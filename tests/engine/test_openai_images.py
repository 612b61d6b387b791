"""The OpenAI illustrator, through the real SDK, against the loopback OpenAI-compatible server."""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from engine.art.character_sheet import character_sheet
from engine.art.openai_images import OpenAIIllustrator
from engine.art.openai_prompts import style_line
from engine.cache import DbCache
from engine.config import Settings
from engine.errors import ContentRejected
from engine.models import CharacterSpec, Scene, SceneCharacter
from engine.openai_client import build_client
from engine.providers import Picture, PictureRequest
from storage.db import Database
from tests.fakes.conftest_openai import openai_settings_fields
from tests.fakes.openai_server import FakeOpenAIServer

SAL = CharacterSpec(name="Sal", kind="girl", age=6, outfit_primary="#1f6fd1", accessory="glasses")
REX = CharacterSpec(name="Rex", kind="dog", skin="#b07a3c", accessory="collar")
MOM = CharacterSpec(name="Mia", kind="mom", hair_style="bun")
CAST = (SAL, REX, MOM)


def illustrator_for(
    server: FakeOpenAIServer, tmp_path: Path, cache: DbCache | None = None, **settings: object
) -> OpenAIIllustrator:
    fields = openai_settings_fields(server, **settings)
    config = Settings(_env_file=None, data_dir=tmp_path, **fields)
    return OpenAIIllustrator(build_client(config), config, cache)


def page(who: tuple[int, ...], place: str = "by the pond", **changes: object) -> PictureRequest:
    scene = Scene(
        setting="forest",
        place=place,
        characters=tuple(SceneCharacter(who=w, action="running", mood="happy") for w in who),
        props=("kite",),
    )
    fields: dict[str, object] = dict(scene=scene, cast=CAST, style="watercolor", seed=3)
    fields.update(changes)
    return PictureRequest(**fields)  # type: ignore[arg-type]


def decoded(picture: Picture) -> Image.Image:
    image = Image.open(io.BytesIO(picture.data))
    assert image.format == "WEBP"
    assert image.size == (picture.width, picture.height)
    return image.convert("RGB")


def is_white(pixel: object) -> bool:
    return isinstance(pixel, tuple) and min(pixel) > 235


def test_portrait_is_a_webp_of_the_requested_size_and_priced(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    picture = illustrator_for(openai_server, tmp_path).portrait(SAL, "crayon", seed=1, size=512)

    assert picture.format == "webp" and (picture.width, picture.height) == (512, 512)
    decoded(picture)
    assert picture.usage[0].what == "portrait" and picture.usage[0].cost_usd == pytest.approx(0.011)
    (prompt,) = openai_server.prompts("images.generations")
    assert character_sheet(SAL) in prompt and style_line("crayon") in prompt


def test_every_page_prompt_repeats_the_sheets_of_who_is_in_it(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    artist = illustrator_for(openai_server, tmp_path)
    for who in [(0,), (0, 1), (1, 2)]:
        artist.draw(page(who))

    prompts = openai_server.prompts("images.generations")
    assert len(prompts) == 3
    assert all(style_line("watercolor") in p for p in prompts)
    assert [character_sheet(SAL) in p for p in prompts] == [True, True, False]
    assert [character_sheet(REX) in p for p in prompts] == [False, True, True]
    assert "no text" in prompts[0].lower()


def test_pages_with_portraits_are_edits_that_send_those_portraits(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    artist = illustrator_for(openai_server, tmp_path)
    portraits = tuple(artist.portrait(c, "watercolor", seed=1).data for c in CAST)

    picture = artist.draw(page((0, 2), references=portraits))

    (edit,) = [r for r in openai_server.requests if r.endpoint == "images.edits"]
    assert edit.files["image"] == [portraits[0], portraits[2]]
    assert "in this order: Sal, Mia" in str(edit.body["prompt"])
    image = decoded(picture)  # the fake draws one white dot per reference image it received
    assert is_white(image.getpixel((32, 32))) and is_white(image.getpixel((72, 32)))
    assert picture.usage[0].what == "image"


def test_a_server_without_image_edits_still_draws_the_page(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    openai_server.configure(supports_edits=False)
    artist = illustrator_for(openai_server, tmp_path)
    portrait = artist.portrait(SAL, "flat", seed=1).data

    first = artist.draw(page((0,), references=(portrait, None, None)))
    artist.draw(page((0,), place="on the hill", references=(portrait, None, None)))

    decoded(first)
    assert openai_server.stats.received["images.edits"] == 1  # tried once, then remembered
    assert openai_server.stats.succeeded["images.generations"] == 3


def test_landscape_pages_ask_for_a_landscape_picture(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    picture = illustrator_for(openai_server, tmp_path).draw(page((0,), width=1536, height=1024))

    assert (picture.width, picture.height) == (1536, 1024)
    assert openai_server.requests[-1].body["size"] == "1536x1024"


def test_refused_picture_is_a_kind_content_rejection(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    openai_server.configure(fault_rate=1.0, fault_kinds=("refusal",))
    with pytest.raises(ContentRejected, match="children's book"):
        illustrator_for(openai_server, tmp_path).draw(page((0,)))


def test_identical_picture_is_served_from_the_cache_for_free(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    cache = DbCache(Database(f"sqlite:///{tmp_path / 'cache.db'}"))
    artist = illustrator_for(openai_server, tmp_path, cache)

    first = artist.draw(page((0, 1)))
    again = artist.draw(page((0, 1)))
    other_seed = artist.draw(page((0, 1), seed=4))

    assert again.data == first.data
    assert first.usage[0].cost_usd > 0 and again.usage[0].cost_usd == 0.0
    assert other_seed.usage[0].cost_usd > 0
    assert openai_server.stats.received["images.generations"] == 2


def test_different_scenes_get_different_pictures(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    artist = illustrator_for(openai_server, tmp_path)
    pond = decoded(artist.draw(page((0,), place="by the pond")))
    hill = decoded(artist.draw(page((0,), place="on the hill")))

    assert pond.getpixel((500, 500)) != hill.getpixel((500, 500))


def test_pages_can_be_drawn_in_parallel_from_one_illustrator(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    openai_server.configure(latency={"images.generations": 0.4})
    artist = illustrator_for(openai_server, tmp_path)
    requests = [page((i % 3,), place=f"place {i}") for i in range(8)]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        pictures = list(pool.map(artist.draw, requests))
    wall = time.monotonic() - started

    assert len({p.data for p in pictures}) == 8
    assert openai_server.stats.peak_in_flight["images.generations"] == 4
    assert wall < 8 * 0.4 * 0.6  # far less than one after another
    assert openai_server.invalid_requests == []
