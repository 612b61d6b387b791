"""The offline illustrator's pictures: reproducible, the right size and format, cheap, and styled."""

from __future__ import annotations

import io
import itertools
from typing import get_args

import numpy as np
import pytest
from PIL import Image

from engine.art.offline import OfflineIllustrator
from engine.catalog import ArtStyle
from engine.errors import ValidationError
from engine.models import CharacterSpec, Scene, SceneCharacter
from engine.providers import Illustrator, PictureRequest, Usage

STYLES: tuple[ArtStyle, ...] = get_args(ArtStyle)

ILLUSTRATOR = OfflineIllustrator()
CAST = (
    CharacterSpec(name="Sal", kind="girl", hair_style="curly", accessory="glasses"),
    CharacterSpec(name="Rex", kind="dinosaur", skin="#7cc46a", outfit_primary="#1e88e5"),
)
SCENE = Scene(
    setting="forest",
    time_of_day="afternoon",
    characters=(
        SceneCharacter(who=0, action="waving"),
        SceneCharacter(who=1, action="walking", mood="surprised"),
    ),
    props=("kite", "basket"),
)
# Styles must differ by more than this mean absolute difference per channel (0..255) on the same scene
# and seed. Re-rendering one style gives 0; JPEG noise is under 1. 8 levels averaged over *every*
# pixel (sky included) is at least a 25-level shift over a third of the picture, far past the 2-3
# level just-noticeable difference on flat colour: a reader sees different outlines, texture or palette.
STYLE_DIFFERENCE = 8.0


def _array(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(np.int16)


def test_offline_illustrator_is_an_illustrator() -> None:
    assert isinstance(ILLUSTRATOR, Illustrator)
    assert (ILLUSTRATOR.name, ILLUSTRATOR.model) == ("offline", "memory-maker-painter-1")


def test_the_same_request_gives_identical_bytes() -> None:
    request = PictureRequest(scene=SCENE, cast=CAST, style="crayon", seed=77, page_index=3)
    assert ILLUSTRATOR.draw(request).data == ILLUSTRATOR.draw(request).data


def test_pages_of_one_book_vary_in_placement_and_details() -> None:
    first = ILLUSTRATOR.draw(PictureRequest(scene=SCENE, cast=CAST, style="flat", seed=77, page_index=0))
    second = ILLUSTRATOR.draw(PictureRequest(scene=SCENE, cast=CAST, style="flat", seed=77, page_index=1))
    assert np.abs(_array(first.data) - _array(second.data)).mean() > 5


def test_a_page_is_a_small_jpeg_of_the_requested_size_and_costs_nothing() -> None:
    pic = ILLUSTRATOR.draw(PictureRequest(scene=SCENE, cast=CAST, style="watercolor", seed=1))
    img = Image.open(io.BytesIO(pic.data))
    assert (pic.format, img.format, img.size, (pic.width, pic.height)) == (
        "jpeg",
        "JPEG",
        (1024, 1024),
        (1024, 1024),
    )
    assert len(pic.data) <= 400 * 1024
    assert pic.usage == (
        Usage(what="image", provider="offline", model="memory-maker-painter-1", units=1, cost_usd=0.0),
    )


def test_other_sizes_and_shapes_are_drawn_too() -> None:
    pic = ILLUSTRATOR.draw(
        PictureRequest(scene=SCENE, cast=CAST, style="comic", seed=1, width=768, height=512)
    )
    assert Image.open(io.BytesIO(pic.data)).size == (768, 512)


def test_absurd_sizes_are_refused_with_a_readable_message() -> None:
    with pytest.raises(ValidationError, match="pixels"):
        ILLUSTRATOR.draw(PictureRequest(scene=SCENE, cast=CAST, style="flat", seed=1, width=10, height=10))


def test_the_five_styles_look_clearly_different() -> None:
    pictures = {
        style: _array(ILLUSTRATOR.draw(PictureRequest(scene=SCENE, cast=CAST, style=style, seed=5)).data)
        for style in STYLES
    }
    for a, b in itertools.combinations(pictures, 2):
        difference = float(np.abs(pictures[a] - pictures[b]).mean())
        assert difference > STYLE_DIFFERENCE, f"{a} and {b} differ by only {difference:.1f}"


def test_a_portrait_is_a_square_card_with_the_character_large_in_the_middle() -> None:
    pic = ILLUSTRATOR.portrait(
        CharacterSpec(name="Bo", kind="bear", skin="#8d6e63", outfit_primary="#e61ebe"), "flat", 9
    )
    arr = _array(pic.data)
    assert (pic.width, pic.height, arr.shape[:2]) == (512, 512, (512, 512))
    vest = np.abs(arr - np.array([230, 30, 190])).max(axis=2) <= 36
    ys, xs = np.nonzero(vest)
    assert vest.sum() > 2000
    assert 150 < xs.mean() < 362 and 150 < ys.mean() < 420
    assert pic.usage[0].cost_usd == 0.0


def test_portraits_are_reproducible() -> None:
    spec = CharacterSpec(name="Uni", kind="unicorn", skin="#fbf6f0", hair_color="#c79ae8")
    assert ILLUSTRATOR.portrait(spec, "bedtime", 4).data == ILLUSTRATOR.portrait(spec, "bedtime", 4).data
