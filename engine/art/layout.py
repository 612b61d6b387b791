"""Where everything goes on a page: horizon, each cast member's spot, size and facing, and the props.

Camera sets the size of the cast; the page's RNG varies placement so pages of one book differ while
the characters themselves stay the same.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from engine.art.figures import height_of, width_of
from engine.art.props import catalogue as prop_catalogue
from engine.models import CharacterSpec, Scene

# Grown-up height as a share of the picture height, and where feet stand, per camera distance.
CAMERA = {"wide": (0.3, 0.86, 0.55), "medium": (0.44, 0.92, 0.6), "close": (0.62, 1.03, 0.64)}


@dataclass(frozen=True)
class Slot:
    who: int
    x: float
    y: float
    scale: float  # output pixels per figure unit
    facing_right: bool
    pose: str
    mood: str


@dataclass(frozen=True)
class PropSpot:
    name: str
    x: float
    y: float
    scale: float
    place: str


@dataclass(frozen=True)
class Frame:
    horizon: float
    slots: tuple[Slot, ...]
    props: tuple[PropSpot, ...]
    unit: float  # pixels per figure unit at the cast's foot line


def frame(
    scene: Scene, cast: tuple[CharacterSpec, ...], w: int, h: int, rng: random.Random, horizon_shift: float
) -> Frame:
    """Lay out the page: who stands where, how big, facing whom, and where each prop goes."""
    people = [c for c in scene.characters if 0 <= c.who < len(cast)]
    share, feet, horizon = CAMERA[scene.camera]
    low = any(c.action in ("sitting", "sleeping") for c in people)
    if scene.camera == "close" and low:
        feet = 0.94
    horizon = (horizon + horizon_shift + rng.uniform(-0.015, 0.015)) * h
    unit = share * h / 100
    kinds = [cast[c.who].kind for c in people]
    widths = [
        width_of(k) * (1.9 if c.action == "sleeping" else 1.0) for k, c in zip(kinds, people, strict=True)
    ]
    span = sum(widths) * 1.1
    tallest = max((height_of(k) for k in kinds), default=100.0)
    unit = min(
        unit,
        0.86 * w / max(span, 1.0),
        (feet * h - horizon * 0.35) / max(tallest, 1.0) if scene.camera != "close" else unit,
    )
    order = _hug_order(people)
    total = sum(widths[i] for i in order) * unit * 1.1
    x = (w - total) / 2 + rng.uniform(-0.06, 0.06) * max(0.0, w - total)
    centres: list[float] = []
    for i in order:
        centres.append(x + widths[i] * unit * 0.55)
        x += widths[i] * unit * 1.1
    mid = sum(centres) / len(centres) if centres else w / 2
    slots = []
    for n, (i, cx) in enumerate(zip(order, centres, strict=True)):
        c = people[i]
        dy = (0.025 if n % 2 else -0.01) * h + rng.uniform(-0.01, 0.01) * h
        y = feet * h + dy
        s = unit * (1 + dy / h * 1.2)
        facing = cx <= mid if len(order) > 1 else rng.random() < 0.5
        if c.action == "hugging":
            cx += w * 0.02 if facing else -w * 0.02
        slots.append(Slot(c.who, cx, y, s, facing, c.action, c.mood))
    props = _props(scene, slots, w, h, unit, feet * h, horizon, rng)
    return Frame(horizon, tuple(sorted(slots, key=lambda s: s.y)), props, unit)


def _hug_order(people: list) -> list[int]:  # type: ignore[type-arg]
    """Cast order, but huggers next to each other so they can reach."""
    huggers = [i for i, c in enumerate(people) if c.action == "hugging"]
    others = [i for i, c in enumerate(people) if c.action != "hugging"]
    if len(huggers) < 2:
        return list(range(len(people)))
    return others[: len(others) // 2] + huggers + others[len(others) // 2 :]


def _props(
    scene: Scene,
    slots: list[Slot],
    w: int,
    h: int,
    unit: float,
    feet: float,
    horizon: float,
    rng: random.Random,
) -> tuple[PropSpot, ...]:
    spots: list[PropSpot] = []
    xs = sorted(s.x for s in slots)
    gaps = [(a + b) / 2 for a, b in itertools.pairwise(xs)] + [w * 0.1, w * 0.9]
    if not xs:
        gaps = [w * 0.3, w * 0.5, w * 0.7]
    side = rng.random() < 0.5
    for name in dict.fromkeys(scene.props):
        place = prop_catalogue()[name]["place"]
        k = unit * (0.9 if place == "behind" else 1.0)
        if place == "front":
            x = gaps.pop(rng.randrange(len(gaps))) if gaps else rng.uniform(0.1, 0.9) * w
            spots.append(
                PropSpot(name, x + rng.uniform(-0.02, 0.02) * w, min(h * 0.985, feet + h * 0.03), k, place)
            )
        elif place == "behind":
            x = (0.14 if side else 0.86) * w
            side = not side
            spots.append(PropSpot(name, x, horizon + (feet - horizon) * 0.45, k * 0.85, place))
        elif place == "under":
            spots.append(PropSpot(name, xs[len(xs) // 2] if xs else w / 2, feet - h * 0.005, k * 1.6, place))
        elif place == "held":
            spots.append(PropSpot(name, (xs[-1] if xs else w * 0.6) + w * 0.06, horizon * 0.7, k, place))
        else:
            spots.append(
                PropSpot(name, rng.uniform(0.2, 0.8) * w, horizon * rng.uniform(0.35, 0.55), k, place)
            )
    return tuple(spots)
