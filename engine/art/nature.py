"""Natural landmarks and small details: trees, pines, bushes, flowers, mountains, sea, coral, leaves.

Every function takes a scenery pen in output pixels, a base point on the ground and a size in pixels.
"""

from __future__ import annotations

import math
import random

from engine.art.canvas import Pen
from engine.art.colors import darken, lighten
from engine.art.palette import color, colors
from engine.art.sky import star_points


def tree(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pen.limb([(x, y), (x, y - s * 0.5)], s * 0.12, color("trunk"))
    leaf = color("leaf") if rng.random() < 0.6 else color("leaf_light")
    pen.blob(
        [
            (x - s * 0.2, y - s * 0.6, s * 0.22),
            (x + s * 0.2, y - s * 0.62, s * 0.22),
            (x, y - s * 0.8, s * 0.26),
            (x - s * 0.05, y - s * 0.55, s * 0.2),
        ],
        leaf,
    )
    pen.circle(x - s * 0.08, y - s * 0.84, s * 0.08, lighten(leaf, 0.25), line=False)


def pine(pen: Pen, x: float, y: float, s: float, rng: random.Random, snowy: bool = False) -> None:
    pen.limb([(x, y), (x, y - s * 0.2)], s * 0.09, color("trunk"))
    green = color("pine") if rng.random() < 0.5 else color("pine_dark")
    for i, (top, half) in enumerate(((0.55, 0.34), (0.78, 0.27), (1.0, 0.2))):
        base = y - s * (0.15 + 0.22 * i)
        pen.poly([(x - s * half, base), (x + s * half, base), (x, y - s * top)], green)
        if snowy:
            pen.poly(
                [
                    (x - s * half * 0.35, y - s * (top - 0.12)),
                    (x + s * half * 0.35, y - s * (top - 0.12)),
                    (x, y - s * top),
                ],
                color("snow"),
                line=False,
            )


def bush(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pen.blob(
        [
            (x - s * 0.3, y - s * 0.22, s * 0.26),
            (x + s * 0.3, y - s * 0.22, s * 0.26),
            (x, y - s * 0.36, s * 0.32),
        ],
        color("leaf_dark") if rng.random() < 0.5 else color("leaf"),
    )


def flower(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pen.stroke([(x, y), (x, y - s * 0.7)], s * 0.08, color("leaf_dark"))
    petal = rng.choice(colors("flowers"))
    for i in range(5):
        a = math.radians(i * 72)
        pen.circle(
            x + math.cos(a) * s * 0.17, y - s * 0.75 + math.sin(a) * s * 0.17, s * 0.14, petal, line=False
        )
    pen.circle(x, y - s * 0.75, s * 0.1, color("flower_center"), line=False)


def mushroom(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pen.poly(
        [(x - s * 0.12, y), (x + s * 0.12, y), (x + s * 0.1, y - s * 0.45), (x - s * 0.1, y - s * 0.45)],
        color("mushroom_stem"),
    )
    pen.poly(
        [(x - s * 0.4, y - s * 0.4)]
        + [
            (x + math.cos(math.radians(a)) * s * 0.4, y - s * 0.4 - math.sin(math.radians(a)) * s * 0.4)
            for a in range(0, 181, 15)
        ],
        color("mushroom"),
    )
    for dx, dy in ((-0.18, 0.55), (0.12, 0.66), (0.2, 0.48)):
        pen.circle(x + dx * s, y - dy * s, s * 0.06, color("white"), line=False)


def rock(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pen.poly(
        [
            (x - s * 0.5, y),
            (x - s * 0.38, y - s * 0.3),
            (x - s * 0.05, y - s * 0.42),
            (x + s * 0.35, y - s * 0.3),
            (x + s * 0.5, y),
        ],
        color("rock"),
    )


def grass(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    for dx, top in ((-0.2, 0.6), (0.0, 0.9), (0.2, 0.6)):
        pen.stroke([(x + dx * s, y), (x + dx * s * 1.6, y - top * s)], s * 0.09, color("grass_dark"))


def mountain(pen: Pen, x: float, y: float, s: float, rng: random.Random, far: bool = False) -> None:
    half = s * (0.8 + rng.random() * 0.3)
    body = color("mountain_far") if far else color("mountain")
    pen.poly([(x - half, y), (x, y - s), (x + half, y)], body)
    cap = 0.3
    pen.poly(
        [
            (x - half * cap, y - s * (1 - cap)),
            (x - half * 0.12, y - s * 0.62),
            (x, y - s * (1 - cap * 0.8)),
            (x + half * 0.12, y - s * 0.64),
            (x + half * cap, y - s * (1 - cap)),
            (x, y - s),
        ],
        color("snow"),
        line=False,
    )


def hill(pen: Pen, x: float, y: float, s: float, rng: random.Random, far: bool = True) -> None:
    """A rounded hill rising from the horizon (only its top half: the ground covers the rest)."""
    top = [
        (x + math.cos(math.radians(a)) * s * 2.2, y + 2 - math.sin(math.radians(a)) * s * 0.75)
        for a in range(0, 181, 10)
    ]
    pen.poly(top, color("hill_far") if far else color("hill"))


def palm(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    lean = s * 0.18 * (1 if rng.random() < 0.5 else -1)
    top = (x + lean, y - s)
    pen.limb([(x, y), (x + lean * 0.3, y - s * 0.5), top], s * 0.07, color("palm_trunk"))
    for a in (-160, -120, -60, -20, -95):
        r = math.radians(a)
        pen.ellipse(
            top[0] + math.cos(r) * s * 0.22,
            top[1] + math.sin(r) * s * 0.16 + s * 0.04,
            s * 0.26,
            s * 0.07,
            color("jungle_leaf"),
            rot=a,
        )


def big_leaf(pen: Pen, x: float, y: float, s: float, rot: float, light: bool = False) -> None:
    """A large jungle leaf pointing in direction ``rot`` from its stem at (x, y)."""
    r = math.radians(rot)
    cx, cy = x + math.cos(r) * s * 0.5, y + math.sin(r) * s * 0.5
    pen.ellipse(cx, cy, s * 0.5, s * 0.2, color("jungle_leaf_light" if light else "jungle_leaf"), rot=rot)
    pen.stroke(
        [(x, y), (x + math.cos(r) * s * 0.9, y + math.sin(r) * s * 0.9)],
        s * 0.025,
        darken(color("jungle_leaf"), 0.3),
    )


def vine(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pts = [(x + math.sin(i * 0.9) * s * 0.05, y + i * s / 8) for i in range(9)]
    pen.stroke(pts, s * 0.025, color("vine"))
    for i in range(1, 9, 2):
        px, py = pts[i]
        pen.ellipse(
            px + s * 0.04 * (1 if i % 4 == 1 else -1),
            py,
            s * 0.05,
            s * 0.025,
            color("jungle_leaf_light"),
            rot=30 if i % 4 == 1 else -30,
        )


def coral(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    c = rng.choice(colors("coral"))
    w = s * 0.09
    pen.limb([(x, y), (x, y - s * 0.55), (x - s * 0.15, y - s * 0.85)], w, c)
    pen.limb([(x, y - s * 0.3), (x + s * 0.25, y - s * 0.55), (x + s * 0.28, y - s * 0.8)], w, c)
    pen.limb([(x, y - s * 0.5), (x + s * 0.1, y - s)], w, c)
    pen.limb([(x - s * 0.02, y - s * 0.25), (x - s * 0.25, y - s * 0.45)], w, c)


def seaweed(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    ph = rng.random() * 3
    pen.limb(
        [(x + math.sin(ph + i * 0.9) * s * 0.08, y - i * s / 6) for i in range(7)], s * 0.07, color("seaweed")
    )


def fish(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    c = rng.choice(colors("fish"))
    d = 1 if rng.random() < 0.5 else -1
    pen.poly(
        [(x - d * s * 0.35, y), (x - d * s * 0.6, y - s * 0.2), (x - d * s * 0.6, y + s * 0.2)],
        darken(c, 0.1),
    )
    pen.ellipse(x, y, s * 0.42, s * 0.25, c)
    pen.circle(x + d * s * 0.2, y - s * 0.05, s * 0.06, color("ink"), line=False)


def bubble(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pen.circle(x, y, s * 0.5, color("bubble"), line=False)
    pen.circle(x, y, s * 0.38, lighten(color("sea"), 0.35), line=False)
    pen.circle(x - s * 0.18, y - s * 0.18, s * 0.1, color("white"), line=False)


def shell(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pts = [(x, y)] + [
        (x + math.cos(math.radians(a)) * s * 0.4, y - s * 0.05 - math.sin(math.radians(a)) * s * 0.4)
        for a in range(10, 171, 20)
    ]
    pen.poly(pts, color("shell"))
    for a in (50, 90, 130):
        pen.stroke(
            [
                (x, y),
                (
                    x + math.cos(math.radians(a)) * s * 0.36,
                    y - s * 0.05 - math.sin(math.radians(a)) * s * 0.36,
                ),
            ],
            s * 0.03,
            darken(color("shell"), 0.2),
        )


def starfish(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pen.poly(star_points(x, y - s * 0.2, s * 0.35, 5, 0.5), color("starfish"))


def hay(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pen.ellipse(x, y - s * 0.32, s * 0.45, s * 0.32, color("hay"))
    for dy in (-0.45, -0.3, -0.15):
        pen.stroke([(x - s * 0.32, y + dy * s), (x + s * 0.32, y + dy * s)], s * 0.025, color("hay_dark"))


def crater(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    pen.ellipse(x, y - s * 0.1, s * 0.5, s * 0.14, color("moon_crater"), line=False)
    pen.ellipse(x, y - s * 0.06, s * 0.4, s * 0.09, darken(color("moon_crater"), 0.1), line=False)


def planet(pen: Pen, x: float, y: float, s: float, rng: random.Random) -> None:
    c = rng.choice(colors("planets"))
    pen.circle(x, y, s * 0.5, c)
    pen.ellipse(x - s * 0.12, y - s * 0.1, s * 0.2, s * 0.08, lighten(c, 0.25), line=False)
    if rng.random() < 0.6:
        pen.ellipse(x, y, s * 0.85, s * 0.18, lighten(c, 0.4), rot=-15)
        pen.circle(x, y - s * 0.03, s * 0.47, c, line=False)
        pen.ellipse(x - s * 0.12, y - s * 0.1, s * 0.2, s * 0.08, lighten(c, 0.25), line=False)
