"""The 22 story props, drawn standing on the ground at (x, y) with ``s`` pixels per figure unit.

Sizes and placement live in ``data/props.json``; colours in ``data/palette.json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.art.canvas import Pen, arc_points
from engine.art.colors import darken, lighten
from engine.art.palette import color as C
from engine.art.sky import star_points

_DATA = Path(__file__).parent / "data" / "props.json"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, Any]]:
    """Size and placement of each prop (``data/props.json``)."""
    return {k: v for k, v in json.loads(_DATA.read_text(encoding="utf-8")).items() if not k.startswith("_")}


def _box(p: Pen, x0: float, y0: float, x1: float, y1: float, c: tuple[int, int, int]) -> None:
    p.poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], c)


def ball(p: Pen) -> None:
    p.circle(0, -6.5, 6.5, C("ball"))
    p.poly(arc_points(0, -6.5, 6.5, 2.2, 0, 360, 16), C("ball_stripe"), line=False)


def kite(p: Pen) -> None:
    p.poly([(0, -30), (9, -18), (0, 0), (-9, -18)], C("kite"))
    p.stroke([(0, -30), (0, 0)], 0.6, darken(C("kite"), 0.3))
    p.stroke([(-9, -18), (9, -18)], 0.6, darken(C("kite"), 0.3))
    for i in range(4):
        p.poly(
            [(-2 + (i % 2) * 2, 4 + i * 6), (2 + (i % 2) * 2, 4 + i * 6), ((i % 2) * 2, 7 + i * 6)],
            C("kite_tail"),
            line=False,
        )


def basket(p: Pen) -> None:
    p.stroke(arc_points(0, -9, 7, 7, 180, 360, 12), 1.4, C("wicker_dark"))
    p.poly([(-9, -9), (9, -9), (7, 0), (-7, 0)], C("wicker"))
    for y in (-6.0, -3.0):
        p.stroke([(-8, y), (8, y)], 0.6, C("wicker_dark"))
    p.circle(-3, -10, 2.6, C("apple"))
    p.circle(2.5, -10.5, 2.6, C("apple_leaf"))


def book(p: Pen) -> None:
    p.poly([(-8, -2), (0, 0), (0, -9), (-8, -11)], C("pages"))
    p.poly([(8, -2), (0, 0), (0, -9), (8, -11)], C("pages"))
    p.poly([(-9, -1), (0, 1.2), (9, -1), (9, 0.5), (0, 2.5), (-9, 0.5)], C("book"))


def lantern(p: Pen) -> None:
    glow = p.as_mode("light")
    glow.circle(0, -9, 12, lighten(C("lantern_glow"), 0.45), line=False)
    glow.circle(0, -9, 8, lighten(C("lantern_glow"), 0.2), line=False)
    p.stroke(arc_points(0, -15, 4, 4, 180, 360, 8), 1.0, C("lantern"))
    _box(p, -5, -15, 5, -14, C("lantern"))
    glow.poly([(-4.5, -14), (4.5, -14), (4.5, -3), (-4.5, -3)], C("lantern_glow"))
    _box(p, -5.5, -3, 5.5, 0, C("lantern"))


def map_(p: Pen) -> None:
    p.poly([(-9, 0), (-3, -2), (3, 0), (9, -2), (9, -14), (3, -12), (-3, -14), (-9, -12)], C("map"))
    p.stroke([(-6, -4), (-2, -8), (2, -6), (5, -10)], 0.7, C("map_line"))
    p.stroke([(4, -11), (6, -9)], 0.8, C("map_line"))
    p.stroke([(6, -11), (4, -9)], 0.8, C("map_line"))


def cake(p: Pen) -> None:
    p.ellipse(0, 0, 11, 2.5, C("pages"))
    p.poly([(-9, 0), (9, 0), (9, -10), (-9, -10)], C("cake"))
    p.poly(arc_points(0, -10, 9, 2.5, 0, 360, 16), C("icing"))
    for x in (-5.0, 0.0, 5.0):
        p.poly([(x - 1, -10), (x + 1, -10), (x + 1, -15), (x - 1, -15)], C("candle"))
        p.as_mode("light").ellipse(x, -16.5, 1.1, 1.8, C("lantern_glow"), line=False)


def flower(p: Pen) -> None:
    p.stroke([(0, 0), (0, -10)], 1.0, C("leaf_dark"))
    p.ellipse(2.5, -5, 2.5, 1.2, C("leaf"), rot=-30)
    for i in range(6):
        a = math.radians(i * 60)
        p.circle(math.cos(a) * 3, -12 + math.sin(a) * 3, 2.4, C("ball"), line=False)
    p.circle(0, -12, 2, C("flower_center"))


def shell(p: Pen) -> None:
    p.poly(
        [(0, 0)]
        + [(math.cos(math.radians(a)) * 5, -0.5 - math.sin(math.radians(a)) * 6) for a in range(0, 181, 20)],
        C("shell"),
    )
    for a in (45, 90, 135):
        p.stroke(
            [(0, 0), (math.cos(math.radians(a)) * 4.5, -0.5 - math.sin(math.radians(a)) * 5.5)],
            0.5,
            darken(C("shell"), 0.2),
        )


def star(p: Pen) -> None:
    glow = p.as_mode("light")
    glow.circle(0, -10, 15, lighten(C("gold"), 0.6), line=False)
    glow.poly(star_points(0, -10, 10), C("gold"))


def key(p: Pen) -> None:
    p.circle(-5, -3, 3.2, C("gold"))
    p.circle(-5, -3, 1.4, lighten(C("gold"), 0.5), line=False)
    p.limb([(-2, -3), (7, -3)], 1.6, C("gold"))
    p.limb([(5, -3), (5, -0.5)], 1.4, C("gold"))


def boat(p: Pen) -> None:
    p.stroke([(0, -8), (0, -26)], 1.0, C("trunk"))
    p.poly([(1, -25), (1, -9), (11, -9)], C("sail"))
    p.poly([(-13, -8), (13, -8), (9, 0), (-9, 0)], C("boat"))


def blanket(p: Pen) -> None:
    p.poly([(-30, 0), (30, 0), (24, -14), (-24, -14)], C("blanket"))
    for t in (0.33, 0.66):
        p.stroke([(-30 + 60 * t - 2 * (t - 0.5), 0), (-24 + 48 * t, -14)], 1.4, C("blanket_check"))
    p.stroke([(-27, -7), (27, -7)], 1.4, C("blanket_check"))


def apple(p: Pen) -> None:
    p.circle(0, -4.5, 4.5, C("apple"))
    p.stroke([(0, -8.5), (0.6, -11)], 0.8, C("trunk"))
    p.ellipse(2.4, -10, 1.8, 0.9, C("apple_leaf"), rot=-20)


def balloon(p: Pen) -> None:
    p.ellipse(0, -20, 8, 10, C("balloon"))
    p.poly([(-1.5, -9.5), (1.5, -9.5), (0, -11)], darken(C("balloon"), 0.15))
    p.ellipse(-3, -24, 1.8, 3, lighten(C("balloon"), 0.5), line=False, rot=20)


def telescope(p: Pen) -> None:
    for dx in (-9.0, 0.0, 9.0):
        p.stroke([(0, -22), (dx, 0)], 1.2, C("trunk"))
    p.limb([(-12, -18), (14, -34)], 7, C("telescope"))
    p.limb([(-12, -18), (-6, -21.7)], 5, C("telescope_band"))
    p.limb([(10, -31.5), (14, -34)], 8, C("telescope_band"))


def sandcastle(p: Pen) -> None:
    sand = C("sand_castle")
    p.poly([(-16, 0), (16, 0), (14, -14), (-14, -14)], sand)
    for x, h in ((-10.0, 24.0), (10.0, 24.0), (0.0, 30.0)):
        p.poly([(x - 4.5, -12), (x + 4.5, -12), (x + 4, -h), (x - 4, -h)], sand)
        for bx in (-3.0, 0.0, 3.0):
            p.poly(
                [(x + bx - 1.2, -h), (x + bx + 1.2, -h), (x + bx + 1.2, -h - 2), (x + bx - 1.2, -h - 2)],
                sand,
                line=False,
            )
    p.stroke([(0, -30), (0, -36)], 0.6, C("trunk"))
    p.poly([(0, -36), (5, -34.5), (0, -33)], C("flag"))
    p.poly(arc_points(0, -2, 3, 5, 180, 360, 8), darken(sand, 0.25), line=False)


def snowman(p: Pen) -> None:
    for cy, r in ((-12.0, 12.0), (-31.0, 9.0), (-45.5, 7.0)):
        p.circle(0, cy, r, C("snow"))
    for cy in (-27.0, -32.0, -37.0):
        p.circle(0, cy, 0.9, C("ink"), line=False)
    for dx in (-2.5, 2.5):
        p.circle(dx, -47, 0.9, C("ink"), line=False)
    p.poly([(0, -45), (8, -44), (0, -43)], C("snowman_nose"))
    p.limb([(-8, -31), (-17, -38)], 1.2, C("trunk"))
    p.limb([(8, -31), (17, -38)], 1.2, C("trunk"))
    p.stroke(arc_points(0, -43, 3, 2, 20, 160, 6), 0.7, C("ink"))


def treasure_chest(p: Pen) -> None:
    p.poly([(-12, 0), (12, 0), (12, -12), (-12, -12)], C("chest"))
    p.poly(arc_points(0, -12, 12, 7, 180, 360, 12), darken(C("chest"), 0.08))
    for x in (-8.0, 8.0):
        p.poly([(x - 1.5, 0), (x + 1.5, 0), (x + 1.5, -18), (x - 1.5, -18)], C("chest_band"), line=False)
    p.poly([(-2, -9), (2, -9), (2, -14), (-2, -14)], C("gold"))


def bucket(p: Pen) -> None:
    p.stroke(arc_points(0, -12, 6, 5, 180, 360, 10), 0.8, C("lamp"))
    p.poly([(-7, -12), (7, -12), (5.5, 0), (-5.5, 0)], C("bucket"))
    p.ellipse(0, -12, 7, 1.6, lighten(C("bucket"), 0.3), line=False)


def tent(p: Pen) -> None:
    p.poly([(-40, 0), (40, 0), (0, -60)], C("tent"))
    p.poly([(-10, 0), (10, 0), (0, -38)], C("tent_dark"))
    p.stroke([(0, -60), (0, -66)], 1.2, C("trunk"))
    p.poly([(0, -66), (8, -64), (0, -62)], C("flag"))


def gift(p: Pen) -> None:
    p.poly([(-8, 0), (8, 0), (8, -13), (-8, -13)], C("gift"))
    p.poly([(-1.6, 0), (1.6, 0), (1.6, -13), (-1.6, -13)], C("ribbon"), line=False)
    for s in (-1, 1):
        p.ellipse(s * 3.2, -15, 3.4, 2.2, C("ribbon"), rot=s * 25)


DRAW: dict[str, Callable[[Pen], None]] = {
    "ball": ball,
    "kite": kite,
    "basket": basket,
    "book": book,
    "lantern": lantern,
    "map": map_,
    "cake": cake,
    "flower": flower,
    "shell": shell,
    "star": star,
    "key": key,
    "boat": boat,
    "blanket": blanket,
    "apple": apple,
    "balloon": balloon,
    "telescope": telescope,
    "sandcastle": sandcastle,
    "snowman": snowman,
    "treasure-chest": treasure_chest,
    "bucket": bucket,
    "tent": tent,
    "gift": gift,
}


def draw_prop(pen: Pen, name: str, x: float, y: float, scale: float) -> None:
    """Draw prop ``name`` with its base at output pixel (x, y); ``scale`` is pixels per figure unit."""
    DRAW[name](pen.canvas.pen(x, y, scale))
