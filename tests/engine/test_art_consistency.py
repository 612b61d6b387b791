"""The offline illustrator draws exactly the cast the scene lists, in their own colours, on every page."""

from __future__ import annotations

from typing import get_args

import numpy as np
import pytest
from PIL import Image

from engine.art.canvas import Canvas
from engine.art.cast import draw_character
from engine.art.figures import Look
from engine.art.offline import OfflineIllustrator
from engine.art.styles import style
from engine.catalog import ArtStyle, CharacterKind, Prop, Setting, choices
from engine.models import CharacterSpec, Scene, SceneCharacter
from engine.providers import PictureRequest
from tests.engine.art_pixels import ABSENT_MAX, CYAN, MAGENTA, PRESENT_MIN, VIOLET, count, pixels

STYLES: tuple[ArtStyle, ...] = get_args(ArtStyle)
SETTINGS: tuple[Setting, ...] = get_args(Setting)

ILLUSTRATOR = OfflineIllustrator()
CAST = (
    CharacterSpec(
        name="Mia", kind="girl", hair_style="pigtails", outfit_primary=MAGENTA, outfit_secondary="#f4f4f4"
    ),
    CharacterSpec(
        name="Biscuit", kind="dog", skin="#c8915a", outfit_primary=VIOLET, outfit_secondary="#f4f4f4"
    ),
    CharacterSpec(
        name="Grandpa", kind="grandpa", hair_color="#bdbdbd", outfit_primary=CYAN, outfit_secondary="#5d4037"
    ),
)
COLOURS = (MAGENTA, VIOLET, CYAN)
# A little book that visits every setting, time, weather, camera and pose, with varying subsets of the cast.
PAGES = [
    ("forest", "day", "clear", "wide", (0, 1, 2), ("walking", "running", "waving")),
    ("seaside", "morning", "windy", "medium", (0, 1), ("jumping", "sitting")),
    ("space", "night", "clear", "close", (2,), ("pointing",)),
    ("castle", "evening", "cloudy", "wide", (1, 2), ("sleeping", "sitting")),
    ("farm", "afternoon", "rain", "medium", (), ()),
    ("city", "night", "snow", "close", (0, 2), ("hugging", "hugging")),
    ("jungle", "day", "windy", "wide", (0,), ("sleeping",)),
    ("under-the-sea", "day", "clear", "medium", (1, 0), ("waving", "pointing")),
    ("snowy-mountains", "morning", "snow", "wide", (2, 1, 0), ("standing", "jumping", "sitting")),
    ("backyard", "evening", "rain", "close", (1,), ("hugging",)),
]


def _page(i: int, style: ArtStyle) -> tuple[PictureRequest, tuple[int, ...]]:
    setting, time, weather, camera, who, poses = PAGES[i]
    props = tuple(choices(Prop)[(i * 5 + k) % 22] for k in range(3))
    chars = tuple(SceneCharacter(who=w, action=p, mood="happy") for w, p in zip(who, poses, strict=True))
    scene = Scene(
        setting=setting, time_of_day=time, weather=weather, camera=camera, characters=chars, props=props
    )
    return PictureRequest(scene=scene, cast=CAST, style=style, seed=2024, page_index=i), who


@pytest.mark.parametrize("style", STYLES)
def test_each_outfit_colour_is_on_every_page_its_character_is_on_and_nowhere_else(style: ArtStyle) -> None:
    for i in range(len(PAGES)):
        request, present = _page(i, style)
        arr = pixels(ILLUSTRATOR.draw(request))
        for who, colour in enumerate(COLOURS):
            n = count(arr, colour, style)
            where = f"page {i} ({PAGES[i][0]}), {CAST[who].name}"
            if who in present:
                assert n >= PRESENT_MIN, f"{where} is in the scene but only {n} px of their colour"
            else:
                assert n <= ABSENT_MAX, f"{where} is not in the scene but {n} px of their colour"


@pytest.mark.parametrize("kind", choices(CharacterKind))
def test_every_kind_wears_its_family_colour_even_far_away(kind: str) -> None:
    hero = CharacterSpec(
        name="Hero", kind=kind, outfit_primary=MAGENTA, outfit_secondary="#f4f4f4", skin="#a5d6a7"
    )
    scene = Scene(setting="forest", camera="wide", characters=(SceneCharacter(who=0, action="sleeping"),))
    arr = pixels(ILLUSTRATOR.draw(PictureRequest(scene=scene, cast=(hero,), style="crayon", seed=3)))
    assert count(arr, MAGENTA, "crayon") >= PRESENT_MIN


@pytest.mark.parametrize("style", STYLES)
def test_test_colours_never_appear_in_scenery(style: ArtStyle) -> None:
    """Every setting and prop, no cast: the colours the other tests look for must be absent."""
    for i, setting in enumerate(SETTINGS):
        props = tuple(choices(Prop)[(i * 7 + k) % 22] for k in range(7))
        scene = Scene(
            setting=setting, time_of_day=("day", "night", "evening")[i % 3], weather="clear", props=props
        )
        arr = pixels(ILLUSTRATOR.draw(PictureRequest(scene=scene, cast=CAST, style=style, seed=i)))
        for colour in COLOURS:
            assert count(arr, colour, style) <= ABSENT_MAX, (setting, colour)


def test_a_character_is_drawn_the_same_whatever_the_page_behind_them() -> None:
    """The figure depends on the spec alone: on a sky-blue and on a grass-green page, same pixels."""
    crops = []
    for page_colour in ((200, 230, 250), (90, 160, 90)):
        canvas = Canvas(256, 256, style("flat").ink, 2, Image.new("RGB", (512, 512), page_colour))
        draw_character(canvas, Look.of(CAST[0]), "standing", "happy", 128, 240, 2.0)
        crops.append(np.asarray(canvas.finish().crop((112, 130, 144, 200))).astype(np.int16))
    assert (np.abs(crops[0] - crops[1]).max(axis=2) <= 2).mean() > 0.97
