"""What every character drawing shares: the look taken from a ``CharacterSpec``, body plans and poses.

``Look`` is computed from the spec alone, so a character is the same on every page; only the pose,
mood, facing and size change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.art.canvas import Point
from engine.art.colors import RGB, rgb
from engine.models import CharacterSpec

_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Look:
    """A character's colours and features, fixed for the whole book."""

    kind: str
    skin: RGB
    hair: RGB
    eyes: RGB
    primary: RGB
    secondary: RGB
    hair_style: str
    accessory: str

    @classmethod
    def of(cls, spec: CharacterSpec) -> Look:
        return cls(
            spec.kind,
            rgb(spec.skin),
            rgb(spec.hair_color),
            rgb(spec.eye_color),
            rgb(spec.outfit_primary),
            rgb(spec.outfit_secondary),
            spec.hair_style,
            spec.accessory,
        )


@dataclass
class Placed:
    """Where a drawn character ended up, in output pixels: for props, glows and balloon strings."""

    box: tuple[float, float, float, float]
    hands: list[Point] = field(default_factory=list)


@lru_cache(maxsize=1)
def plans() -> dict[str, dict[str, Any]]:
    """Body plans per kind from ``data/kinds.json``."""
    raw = json.loads((_DATA / "kinds.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def poses() -> dict[str, dict[str, Any]]:
    return dict(json.loads((_DATA / "poses.json").read_text(encoding="utf-8")))


def plan(kind: str) -> dict[str, Any]:
    return plans()[kind]


def height_of(kind: str) -> float:
    """Standing height in figure units (a grown-up is about 100)."""
    p = plan(kind)
    if p["family"] == "animal":
        body_h = p["body"][1]
        head_top = p["leg"] + body_h * 1.1 + p["neck"] + p["head"] * 1.5 + p.get("upright", 0) * 0.4
        return float(head_top + (p["head"] * 1.1 if p["ears"] == "long" else 0))
    return float(p["leg"] + p["torso"][0] + p["head"] * 1.85)


def width_of(kind: str) -> float:
    """Roughly how wide a character is, for spacing the cast across the page."""
    p = plan(kind)
    if p["family"] == "animal":
        return float(p["body"][0] * 1.6 + p["head"] * 0.8)
    return float(p["torso"][1] + p["arm"] * 0.9 + (20 if p.get("wings") else 0))
