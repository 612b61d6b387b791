"""Ground and landmarks per setting, composed from ``data/settings.json`` with the page's own RNG.

The catalogue says what grows where; this module places it, so every page of a forest book is a
different corner of the same forest.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from engine.art import buildings, nature
from engine.art.canvas import Canvas, Pen
from engine.art.colors import RGB
from engine.art.palette import color
from engine.art.styles import ColorShift
from engine.catalog import Setting, TimeOfDay

_DATA = Path(__file__).parent / "data"
Draw = Callable[[Pen, float, float, float, random.Random], None]


def _registry(lit: bool) -> dict[str, Draw]:
    built: dict[str, Draw] = {
        name: partial(getattr(buildings, name), lit=lit)
        for name in ("castle", "barn", "house", "skyline", "lighthouse", "rocket", "fence", "lamp")
    }
    natural: dict[str, Draw] = {
        name: getattr(nature, name)
        for name in (
            "tree",
            "pine",
            "bush",
            "flower",
            "mushroom",
            "rock",
            "grass",
            "mountain",
            "hill",
            "palm",
            "vine",
            "coral",
            "seaweed",
            "fish",
            "bubble",
            "shell",
            "starfish",
            "hay",
            "crater",
            "planet",
        )
    }
    natural["snowy_pine"] = partial(nature.pine, snowy=True)
    natural["far_mountain"] = partial(nature.mountain, far=True)
    return built | natural


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """The settings catalogue (``data/settings.json``)."""
    return dict(json.loads((_DATA / "settings.json").read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _skies() -> dict[str, Any]:
    return dict(json.loads((_DATA / "skies.json").read_text(encoding="utf-8")))


def daylight(time: TimeOfDay, setting: Setting) -> ColorShift:
    """How the time of day (and being underwater) tints the scenery."""
    raw = _skies()["underwater"] if setting == "under-the-sea" else _skies()["daylight"][time]
    amount = raw["amount"] if setting != "under-the-sea" or time not in ("evening", "night") else 0.45
    return ColorShift(tuple(raw["toward"]), amount, 0.0, 1.0)


def ground_colors(setting: Setting) -> tuple[RGB, RGB]:
    far, near = catalogue()[setting]["ground"]
    return tuple(far), tuple(near)


def horizon_offset(setting: Setting) -> float:
    return float(catalogue()[setting]["horizon"])


def draw_landscape(canvas: Canvas, setting: Setting, horizon: float, rng: random.Random, lit: bool) -> None:
    """Everything behind the cast: far hills, landmarks on the horizon, details on the ground."""
    spec = catalogue()[setting]
    pen = canvas.scenery()
    draw = _registry(lit)
    order = ("sky", "water", "far", "edge", "horizon", "row", "top", "ground")
    for zone in order:
        if zone == "edge":
            _horizon_edge(pen, spec, setting, horizon, canvas.width, canvas.height)
            continue
        for el in (e for e in spec["elements"] if e["zone"] == zone):
            _scatter(pen, draw[el["draw"]], el, rng, canvas.width, canvas.height, horizon)
    if spec.get("leaves"):
        _jungle_frame(pen, canvas.width, canvas.height, rng)


def _base_y(el: dict[str, Any], rng: random.Random, horizon: float, h: int) -> float:
    """Where an element stands: in the sky or water, on the horizon, or on the ground in front."""
    zone, below = el["zone"], float(el.get("below", 0.0))
    if zone in ("sky", "water"):
        return rng.uniform(0.06, 0.5) * horizon
    if zone == "far":
        return horizon + h * 0.01
    if zone == "horizon":
        return horizon + h * (0.012 + below * rng.random())
    if zone == "row":
        return horizon + h * (below or 0.03)
    if zone == "top":
        return -h * 0.02
    return horizon + (h - horizon) * rng.uniform(0.15, 0.95)


def _scatter(
    pen: Pen, fn: Draw, el: dict[str, Any], rng: random.Random, w: int, h: int, horizon: float
) -> None:
    lo, hi = el.get("x", [0.0, 1.0])
    items = [
        (_base_y(el, rng, horizon, h), rng.uniform(lo, hi) * w, rng.uniform(*el["size"]) * h)
        for _ in range(rng.randint(*el["count"]))
    ]
    for y, x, s in sorted(items):
        fn(pen, x, y, s, rng)


def _horizon_edge(pen: Pen, spec: dict[str, Any], setting: Setting, horizon: float, w: int, h: int) -> None:
    """The sea band for the seaside, or a gently rolling edge of the near ground."""
    far, _ = ground_colors(setting)
    if "sea" in spec:
        depth = spec["sea"] * h
        pen.poly(
            [(0, horizon - 1), (w, horizon - 1), (w, horizon + depth), (0, horizon + depth)],
            color("sea"),
            line=False,
        )
        pen.poly(
            [(0, horizon - 1), (w, horizon - 1), (w, horizon + depth * 0.3), (0, horizon + depth * 0.3)],
            color("sea_far"),
            line=False,
        )
        for i in range(9):
            x = (i + 0.5) * w / 9
            pts = [
                (x + dx * w / 40, horizon + depth * 0.65 - math.sin(dx * 1.5) * h * 0.008)
                for dx in (-1.0, -0.5, 0.0, 0.5, 1.0)
            ]
            pen.stroke(pts, h * 0.006, color("foam"))
        pen.poly(
            [(0, horizon + depth)]
            + [(x * w / 16, horizon + depth - math.sin(x * 1.3) * h * 0.01) for x in range(17)]
            + [(w, horizon + depth + 4)],
            color("foam"),
            line=False,
        )
        return
    amp = spec.get("wavy", 0.0) * h
    if amp <= 0:
        return
    pts = [(x * w / 24, horizon - amp * (0.5 + 0.5 * math.sin(x * 0.55))) for x in range(25)]
    pen.poly([(0, horizon + 2), *pts, (w, horizon + 2)], far, line=False)


def _jungle_frame(pen: Pen, w: int, h: int, rng: random.Random) -> None:
    """Big leaves reaching in from the left and right edges."""
    s = h * 0.2
    for i in range(4):
        y = h * (0.05 + 0.12 * i + rng.random() * 0.04)
        nature.big_leaf(pen, -s * 0.15, y, s, rot=10 + 22 * i, light=i % 2 == 0)
        nature.big_leaf(pen, w + s * 0.15, y, s, rot=170 - 22 * i, light=i % 2 == 1)
