"""Built landmarks: castle, barn, house with garden, city buildings, lighthouse, rocket, fences, lamps.

Same calling convention as ``nature``: a scenery pen, a base point on the ground, a size in pixels.
Windows glow in the bedtime style and at night (``lit``).
"""

from __future__ import annotations

import random

from engine.art.canvas import Pen
from engine.art.colors import darken, lighten
from engine.art.palette import color, colors


def _rect(
    pen: Pen, x0: float, y0: float, x1: float, y1: float, c: tuple[int, int, int], line: bool = True
) -> None:
    pen.poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], c, line=line)


def _window(pen: Pen, x: float, y: float, w: float, h: float, lit: bool) -> None:
    if lit:
        pen.as_mode("light").poly([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], color("window_lit"))
    else:
        _rect(pen, x, y, x + w, y + h, color("window"))


def _tower(pen: Pen, x: float, y: float, w: float, h: float, lit: bool) -> None:
    stone = color("stone")
    _rect(pen, x - w / 2, y, x + w / 2, y - h, stone)
    for i in range(3):
        cx = x - w / 2 + w * (i + 0.5) / 3
        _rect(pen, cx - w / 8, y - h - w * 0.18, cx + w / 8, y - h, stone)
    pen.poly([(x - w * 0.6, y - h), (x + w * 0.6, y - h), (x, y - h - w * 1.1)], color("roof_red"))
    pen.stroke([(x, y - h - w * 1.1), (x, y - h - w * 1.5)], w * 0.05, color("ink"))
    pen.poly([(x, y - h - w * 1.5), (x + w * 0.4, y - h - w * 1.4), (x, y - h - w * 1.3)], color("flag"))
    _window(pen, x - w * 0.12, y - h * 0.7, w * 0.24, w * 0.36, lit)


def castle(pen: Pen, x: float, y: float, s: float, rng: random.Random, lit: bool = False) -> None:
    w = s * 0.9
    _rect(pen, x - w / 2, y, x + w / 2, y - s * 0.45, color("stone"))
    for i in range(6):
        bx = x - w / 2 + w * (i + 0.5) / 6
        _rect(pen, bx - w / 30, y - s * 0.5, bx + w / 30, y - s * 0.45, color("stone"))
    for tx, th in ((-w / 2, 0.7), (w / 2, 0.7), (0, 0.85)):
        _tower(pen, x + tx, y, s * 0.22, s * th, lit)
    pen.poly(
        [
            (x - s * 0.1, y),
            (x - s * 0.1, y - s * 0.18),
            (x, y - s * 0.25),
            (x + s * 0.1, y - s * 0.18),
            (x + s * 0.1, y),
        ],
        color("door"),
    )


def barn(pen: Pen, x: float, y: float, s: float, rng: random.Random, lit: bool = False) -> None:
    w = s * 0.9
    red = color("barn")
    pen.poly(
        [
            (x - w / 2, y),
            (x - w / 2, y - s * 0.5),
            (x - w * 0.3, y - s * 0.78),
            (x, y - s * 0.92),
            (x + w * 0.3, y - s * 0.78),
            (x + w / 2, y - s * 0.5),
            (x + w / 2, y),
        ],
        red,
    )
    pen.poly(
        [
            (x - w * 0.56, y - s * 0.48),
            (x - w * 0.3, y - s * 0.8),
            (x, y - s * 0.96),
            (x + w * 0.3, y - s * 0.8),
            (x + w * 0.56, y - s * 0.48),
            (x + w * 0.3, y - s * 0.74),
            (x, y - s * 0.88),
            (x - w * 0.3, y - s * 0.74),
        ],
        color("roof"),
    )
    trim = color("barn_trim")
    _rect(pen, x - w * 0.2, y, x + w * 0.2, y - s * 0.4, darken(red, 0.12))
    pen.stroke([(x - w * 0.2, y), (x + w * 0.2, y - s * 0.4)], s * 0.025, trim)
    pen.stroke([(x + w * 0.2, y), (x - w * 0.2, y - s * 0.4)], s * 0.025, trim)
    _window(pen, x - w * 0.08, y - s * 0.7, w * 0.16, s * 0.12, lit)


def house(pen: Pen, x: float, y: float, s: float, rng: random.Random, lit: bool = False) -> None:
    w = s * 0.9
    _rect(pen, x - w / 2, y, x + w / 2, y - s * 0.55, color("wall"))
    _rect(pen, x + w * 0.22, y - s * 0.62, x + w * 0.34, y - s * 0.9, color("stone_dark"))
    pen.poly([(x - w * 0.6, y - s * 0.55), (x + w * 0.6, y - s * 0.55), (x, y - s * 1.0)], color("roof_red"))
    _rect(pen, x - w * 0.08, y, x + w * 0.08, y - s * 0.3, color("door"))
    for wx in (-0.36, 0.18):
        _window(pen, x + w * wx, y - s * 0.44, w * 0.18, s * 0.16, lit)
    pen.circle(x - w * 0.02, y - s * 0.78, s * 0.06, color("window") if not lit else color("window_lit"))


def building(pen: Pen, x: float, y: float, s: float, rng: random.Random, lit: bool = False) -> None:
    w = s * (0.32 + rng.random() * 0.18)
    c = rng.choice(colors("building"))
    _rect(pen, x - w / 2, y, x + w / 2, y - s, c)
    cols, rows = 3, max(3, int(s / (w * 0.35)))
    for r in range(rows - 1):
        for k in range(cols):
            on = lit and rng.random() < 0.6
            _window(
                pen,
                x - w / 2 + w * (k + 0.25) / cols,
                y - s + s * (r + 0.35) / rows,
                w * 0.5 / cols,
                s * 0.45 / rows,
                on,
            )


def skyline(pen: Pen, x: float, y: float, s: float, rng: random.Random, lit: bool = False) -> None:
    """A whole row of buildings across the picture (x is ignored: the row fills the width)."""
    width = pen.canvas.width
    bx = -s * 0.1
    while bx < width + s * 0.2:
        h = s * (0.55 + rng.random() * 0.6)
        building(pen, bx, y, h, rng, lit)
        bx += s * (0.3 + rng.random() * 0.14)


def lighthouse(pen: Pen, x: float, y: float, s: float, rng: random.Random, lit: bool = False) -> None:
    w = s * 0.2
    for i in range(4):
        y0, y1 = y - s * 0.8 * i / 4, y - s * 0.8 * (i + 1) / 4
        k0, k1 = 1 - 0.3 * i / 4, 1 - 0.3 * (i + 1) / 4
        pen.poly(
            [(x - w * k0, y0), (x + w * k0, y0), (x + w * k1, y1), (x - w * k1, y1)],
            color("barn") if i % 2 == 0 else color("white"),
        )
    light = pen.as_mode("light") if lit else pen
    _rect(light, x - w * 0.6, y - s * 0.8, x + w * 0.6, y - s * 0.92, color("window_lit"))
    pen.poly([(x - w * 0.8, y - s * 0.92), (x + w * 0.8, y - s * 0.92), (x, y - s * 1.05)], color("roof"))


def rocket(pen: Pen, x: float, y: float, s: float, rng: random.Random, lit: bool = False) -> None:
    w = s * 0.17
    glow = pen.as_mode("light")
    glow.poly(
        [(x - w * 0.5, y - s * 0.12), (x + w * 0.5, y - s * 0.12), (x, y + s * 0.08)],
        color("flame"),
        line=False,
    )
    glow.poly(
        [(x - w * 0.25, y - s * 0.12), (x + w * 0.25, y - s * 0.12), (x, y - s * 0.01)],
        color("flame_core"),
        line=False,
    )
    for d in (-1, 1):
        pen.poly(
            [
                (x + d * w * 0.8, y - s * 0.45),
                (x + d * w * 1.6, y - s * 0.12),
                (x + d * w * 0.8, y - s * 0.2),
            ],
            color("rocket_red"),
        )
    body = [
        (x - w, y - s * 0.15),
        (x - w, y - s * 0.6),
        (x - w * 0.6, y - s * 0.85),
        (x, y - s),
        (x + w * 0.6, y - s * 0.85),
        (x + w, y - s * 0.6),
        (x + w, y - s * 0.15),
    ]
    pen.poly(body, color("rocket"))
    pen.poly([(x - w * 0.62, y - s * 0.84), (x, y - s), (x + w * 0.62, y - s * 0.84)], color("rocket_red"))
    pen.circle(x, y - s * 0.58, w * 0.5, color("stone_dark"))
    pen.circle(x, y - s * 0.58, w * 0.38, color("window"))


def fence(pen: Pen, x: float, y: float, s: float, rng: random.Random, lit: bool = False) -> None:
    """A picket fence across the whole picture at height y (x is ignored)."""
    width = pen.canvas.width
    c = color("fence")
    pen.limb([(0, y - s * 0.6), (width, y - s * 0.6)], s * 0.1, c)
    pen.limb([(0, y - s * 0.3), (width, y - s * 0.3)], s * 0.1, c)
    px = s * 0.2
    while px < width:
        pen.poly(
            [
                (px - s * 0.09, y),
                (px - s * 0.09, y - s * 0.8),
                (px, y - s * 0.92),
                (px + s * 0.09, y - s * 0.8),
                (px + s * 0.09, y),
            ],
            c,
        )
        px += s * 0.42


def lamp(pen: Pen, x: float, y: float, s: float, rng: random.Random, lit: bool = False) -> None:
    pen.limb([(x, y), (x, y - s * 0.9)], s * 0.04, color("lamp"))
    light = pen.as_mode("light")
    if lit:
        light.circle(x, y - s * 0.95, s * 0.16, lighten(color("window_lit"), 0.2), line=False)
    light.circle(x, y - s * 0.95, s * 0.08, color("window_lit"))
