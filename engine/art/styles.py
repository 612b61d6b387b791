"""The five art styles: how each one colours and outlines shapes, and its finishing passes.

Styles are data (``data/styles.json``); the cast colour map is kept near identity in every style so a
family's outfit colours read the same in every book, and ``cast_color`` says exactly what it does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

from engine.art import textures
from engine.art.canvas import Ink
from engine.art.colors import RGB, mix, saturate
from engine.catalog import ArtStyle

_DATA = Path(__file__).parent / "data" / "styles.json"


@dataclass(frozen=True)
class ColorShift:
    toward: RGB
    amount: float
    saturate: float
    brightness: float
    multiply: tuple[float, float, float] = (1.0, 1.0, 1.0)

    def __call__(self, c: RGB) -> RGB:
        out = saturate(mix(c, self.toward, self.amount), self.saturate)
        b, (mr, mg, mb) = self.brightness, self.multiply
        return (
            min(255, round(out[0] * b * mr)),
            min(255, round(out[1] * b * mg)),
            min(255, round(out[2] * b * mb)),
        )


@dataclass(frozen=True)
class Style:
    name: str
    ink: Ink
    sky: str  # "smooth", "bands" or "dots"
    glow: bool  # lamplight halos behind the cast and lit windows (bedtime)
    passes: tuple[str, ...]


def _shift(raw: dict[str, Any]) -> ColorShift:
    mult = tuple(raw.get("multiply", (1.0, 1.0, 1.0)))
    return ColorShift(tuple(raw["toward"]), raw["amount"], raw["saturate"], raw["brightness"], mult)


@cache
def style(name: ArtStyle) -> Style:
    """The named style: ``style("comic").ink.outline == "ink"``."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))[name]
    scenery, cast = _shift(raw["scenery"]), _shift(raw["cast"])
    mapped = lru_cache(maxsize=1024)(scenery)
    light = lru_cache(maxsize=256)(_shift(raw["lights"])) if "lights" in raw else mapped
    ink = Ink(raw["outline_px"], raw["outline"], tuple(raw["ink"]), mapped, cast, light, mapped)
    return Style(name, ink, raw["sky"], raw["glow"], tuple(raw["passes"]))


def cast_color(name: ArtStyle, c: RGB) -> RGB:
    """The colour a character's ``c`` is painted in this style, before texture: tests look for it."""
    return style(name).ink.cast(c)


def finish(img: Image.Image, st: Style) -> Image.Image:
    """Run the style's finishing passes on the output-size picture."""
    w, h = img.size
    for p in st.passes:
        if p == "soften":
            blurred = img.reduce(4).resize((w, h), Image.Resampling.BILINEAR)
            img = Image.blend(img, blurred, 0.25)
        elif p == "paper":
            img = ImageChops.multiply(img, textures.paper(w, h))
        elif p == "grain":
            img = Image.composite(Image.new("RGB", (w, h), (250, 244, 228)), img, textures.grain(w, h))
        elif p == "vignette":
            img = ImageChops.multiply(img, textures.vignette(w, h))
    return img
