"""Shared helpers for the offline illustrator's pixel tests: decoding and counting outfit colours.

The test outfit colours (magenta, violet, bright cyan) were chosen because no scenery, prop, sky or
weather in any setting, style or time of day comes within the tolerance of them (checked by
``test_test_colours_never_appear_in_scenery``), so a match can only be the character.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from engine.art.colors import rgb
from engine.art.styles import cast_color
from engine.catalog import ArtStyle
from engine.providers import Picture

MAGENTA, VIOLET, CYAN = "#e61ebe", "#7828fa", "#00e5ff"
# Max per-channel distance that still counts as "the outfit colour": JPEG q90 moves flat interiors by
# under ~10 levels, watercolour paper multiplies by 0.9..0.985 (up to ~23 levels), bedtime's vignette
# a little more near the corners; crayon grain and halftone pixels fall outside and are simply not
# counted. Scenery never comes within 36 of the test colours, so there are no false matches.
TOLERANCE = 36
# A character at the widest camera shows at least ~400 px of outfit colour (a sleeping cat's
# bandana); 100 leaves margin for props or rain in front. Absent means (almost) nothing at all.
PRESENT_MIN, ABSENT_MAX = 100, 5


def pixels(picture: Picture) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(picture.data)).convert("RGB")).astype(np.int16)


def count(arr: np.ndarray, hex_color: str, style: ArtStyle) -> int:
    """How many pixels show ``hex_color`` as this style paints a character's clothes."""
    target = np.array(cast_color(style, rgb(hex_color)), dtype=np.int16)
    return int((np.abs(arr - target).max(axis=2) <= TOLERANCE).sum())
