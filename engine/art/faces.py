"""Expressive faces by mood, shared by people, animals and creatures (``data/moods.json``).

A face is placed by its head centre and radius; eyes carry the character's own eye colour.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.art.canvas import Pen, arc_points
from engine.art.colors import RGB, darken, luma, mix

_DATA = Path(__file__).parent / "data" / "moods.json"
INK: RGB = (52, 36, 40)
BLUSH: RGB = (255, 140, 130)
MOUTH: RGB = (150, 60, 66)


@lru_cache(maxsize=1)
def _moods() -> dict[str, Any]:
    return dict(json.loads(_DATA.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class FaceLayout:
    """Where features sit on a head, in head radii from its centre."""

    spacing: float = 0.4
    eye_y: float = 0.02
    eye_r: float = 0.15
    mouth_y: float = 0.42
    mouth_w: float = 0.24
    brows: bool = True


def draw_face(
    pen: Pen,
    cx: float,
    cy: float,
    r: float,
    mood: str,
    eye: RGB,
    *,
    skin: RGB,
    closed: bool = False,
    layout: FaceLayout = FaceLayout(),
    blush: bool = True,
    ink: RGB = INK,
) -> None:
    """Eyes, brows, mouth and cheeks for ``mood``; ``closed`` (asleep) overrides the eyes."""
    m = _moods().get(mood, _moods()["happy"])
    eyes = "closed" if closed else m["eyes"]
    lw = max(0.045 * r, 0.6)
    for side in (-1, 1):
        ex, ey = cx + side * layout.spacing * r, cy + layout.eye_y * r
        _eye(pen, ex, ey, layout.eye_r * r, eyes, eye, lw, skin, ink)
        if layout.brows and not closed:
            inner, outer = m["brows"]
            by = ey - layout.eye_r * r * 2.1
            pen.stroke(
                [
                    (ex - side * layout.eye_r * r * 0.9, by - inner * r),
                    (ex + side * layout.eye_r * r * 1.1, by - outer * r),
                ],
                lw * 0.9,
                darken(skin, 0.45),
            )
    if (m["blush"] and blush) or closed:
        for side in (-1, 1):
            pen.ellipse(
                cx + side * (layout.spacing + 0.14) * r,
                cy + (layout.eye_y + 0.24) * r,
                r * 0.13,
                r * 0.08,
                mix(skin, BLUSH, 0.55),
                line=False,
            )
    _mouth(
        pen, cx, cy + layout.mouth_y * r, layout.mouth_w * r, "small-smile" if closed else m["mouth"], lw, ink
    )
    if m.get("tear") and not closed:
        pen.ellipse(
            cx + layout.spacing * r + layout.eye_r * r * 0.6,
            cy + (layout.eye_y + 0.28) * r,
            r * 0.05,
            r * 0.08,
            (150, 200, 250),
            line=False,
        )


def _eye(
    pen: Pen, x: float, y: float, e: float, kind: str, color: RGB, lw: float, skin: RGB, ink: RGB
) -> None:
    if kind in ("closed", "smiling"):
        start, end = (200, 340) if kind == "smiling" else (20, 160)
        pen.stroke(
            arc_points(x, y + (e * 0.3 if kind == "smiling" else -e * 0.3), e * 1.05, e * 0.8, start, end, 8),
            lw * 1.2,
            ink,
        )
        return
    size = e * (1.25 if kind == "wide" else 1.0)
    if kind == "wide":
        pen.circle(x, y, size * 1.15, (255, 255, 255), line=False)
    iris = color if luma(color) < 200 else darken(color, 0.3)
    pen.ellipse(x, y, size * 0.88, size, iris, line=False)
    pen.ellipse(x, y + size * 0.08, size * 0.5, size * 0.58, darken(iris, 0.7), line=False)
    pen.circle(x + size * 0.32, y - size * 0.35, size * 0.3, (255, 255, 255), line=False)
    if kind == "half":
        pen.poly(
            [
                (x - size * 1.1, y - size * 1.2),
                (x + size * 1.1, y - size * 1.2),
                (x + size * 1.1, y - size * 0.05),
                (x - size * 1.1, y - size * 0.05),
            ],
            skin,
            line=False,
        )
        pen.stroke([(x - size * 1.0, y - size * 0.05), (x + size * 1.0, y - size * 0.05)], lw, ink)


def _mouth(pen: Pen, x: float, y: float, w: float, kind: str, lw: float, ink: RGB) -> None:
    if kind == "grin":
        pts = arc_points(x, y - w * 0.15, w, w * 0.8, 10, 170, 10)
        pen.poly(pts, MOUTH, line=False)
        pen.ellipse(x, y + w * 0.42, w * 0.42, w * 0.18, (240, 120, 120), line=False)
        pen.stroke([*pts, pts[0]], lw, ink)
    elif kind in ("smile", "small-smile"):
        k = 1.0 if kind == "smile" else 0.65
        pen.stroke(arc_points(x, y - w * 0.35 * k, w * k, w * 0.6 * k, 20, 160, 10), lw * 1.1, ink)
    elif kind == "flat-smile":
        pen.stroke(arc_points(x, y - w * 0.5, w * 0.7, w * 0.35, 30, 150, 8), lw * 1.2, ink)
    elif kind in ("o", "small-o"):
        k = 1.0 if kind == "o" else 0.55
        pen.ellipse(x, y + w * 0.1, w * 0.35 * k, w * 0.45 * k, MOUTH, line=False)
    elif kind == "frown":
        pen.stroke(arc_points(x, y + w * 0.45, w * 0.75, w * 0.45, 200, 340, 10), lw * 1.1, ink)
    elif kind == "wavy":
        pen.stroke(
            [
                (x - w * 0.7, y + w * 0.1),
                (x - w * 0.35, y - w * 0.08),
                (x, y + w * 0.1),
                (x + w * 0.35, y - w * 0.08),
                (x + w * 0.7, y + w * 0.1),
            ],
            lw,
            ink,
        )
