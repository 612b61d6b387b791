"""Hair styles: the part behind the head (long hair, ponytails, afros) and the part in front (fringes).

All shapes are relative to the head centre (cx, cy) and radius r; ties and bands use the secondary colour.
"""

from __future__ import annotations

import math

from engine.art.canvas import Pen, arc_points
from engine.art.colors import RGB, lighten


def back(pen: Pen, style: str, cx: float, cy: float, r: float, hair: RGB, tie: RGB) -> None:
    """Hair drawn before the head and body."""
    if style == "long":
        pen.poly(
            [
                *arc_points(cx, cy, r * 1.1, r * 1.08, 180, 360, 16),
                (cx + r * 1.15, cy + r * 1.6),
                (cx - r * 1.15, cy + r * 1.6),
            ],
            hair,
        )
    elif style == "afro":
        pen.blob(
            [
                (
                    cx + math.cos(math.radians(a)) * r * 0.82,
                    cy - r * 0.12 + math.sin(math.radians(a)) * r * 0.78,
                    r * 0.5,
                )
                for a in range(150, 400, 30)
            ],
            hair,
        )
    elif style == "curly":
        pen.blob(
            [
                (
                    cx + math.cos(math.radians(a)) * r * 0.98,
                    cy + math.sin(math.radians(a)) * r * 0.98,
                    r * 0.3,
                )
                for a in range(140, 410, 27)
            ],
            hair,
        )
    elif style == "ponytail":
        pen.limb(
            [(cx - r * 0.7, cy - r * 0.55), (cx - r * 1.35, cy - r * 0.1), (cx - r * 1.25, cy + r * 0.8)],
            r * 0.5,
            hair,
        )
        pen.circle(cx - r * 0.95, cy - r * 0.45, r * 0.16, tie)
    elif style == "pigtails":
        for s in (-1, 1):
            pen.ellipse(cx + s * r * 1.12, cy + r * 0.15, r * 0.34, r * 0.5, hair, rot=s * 20)
            pen.circle(cx + s * r * 0.92, cy - r * 0.2, r * 0.13, tie)
    elif style == "braids":
        for s in (-1, 1):
            for i in range(5):
                pen.ellipse(
                    cx + s * r * (0.88 + 0.02 * i), cy + r * (0.15 + 0.32 * i), r * 0.2, r * 0.2, hair
                )
            pen.circle(cx + s * r * 0.97, cy + r * 1.6, r * 0.12, tie)
    elif style == "bun":
        pen.circle(cx, cy - r * 1.02, r * 0.42, hair)
        pen.ellipse(cx, cy - r * 0.72, r * 0.3, r * 0.1, tie)


def front(
    pen: Pen,
    style: str,
    cx: float,
    cy: float,
    r: float,
    hair: RGB,
    *,
    baby: bool = False,
    elder: bool = False,
) -> None:
    """The hair cap and fringe drawn over the top of the head."""
    if style == "bald":
        if elder:
            for s in (-1, 1):
                pen.ellipse(cx + s * r * 0.92, cy - r * 0.05, r * 0.18, r * 0.3, hair)
        elif baby:
            _baby_curl(pen, cx, cy, r, hair)
        return
    if baby and style not in ("afro", "curly"):
        _baby_curl(pen, cx, cy, r, hair)
        return
    top = arc_points(cx, cy, r * 1.05, r * 1.07, 185, 355, 16)
    if style == "spiky":
        spikes = []
        for i in range(7):
            a = math.radians(195 + i * 25)
            spikes += [
                (cx + math.cos(a) * r * 1.0, cy + math.sin(a) * r * 1.0),
                (cx + math.cos(a + 0.2) * r * 1.42, cy + math.sin(a + 0.2) * r * 1.42),
            ]
        pen.poly([*spikes, (cx + r, cy - r * 0.3), (cx - r, cy - r * 0.3)], hair)
        return
    if style == "afro":
        fringe = [(cx + r * 0.9, cy - r * 0.45), (cx, cy - r * 0.62), (cx - r * 0.9, cy - r * 0.45)]
    elif style == "curly":
        pen.poly([*top, (cx + r * 0.9, cy - r * 0.4), (cx - r * 0.9, cy - r * 0.4)], hair)
        pen.blob(
            [
                (cx + dx * r, cy - r * 0.45 + abs(dx) * r * 0.1, r * 0.22)
                for dx in (-0.7, -0.35, 0.0, 0.35, 0.7)
            ],
            hair,
        )
        return
    else:
        fringe = [
            (cx + r * 1.0, cy - r * 0.05),
            (cx + r * 0.72, cy - r * 0.42),
            (cx + r * 0.1, cy - r * 0.5),
            (cx - r * 0.35, cy - r * 0.3),
            (cx - r * 0.85, cy - r * 0.32),
            (cx - r * 1.0, cy + r * 0.05),
        ]
        if style == "long":
            fringe = [(cx + r * 1.05, cy + r * 0.6), *fringe[1:-1], (cx - r * 1.05, cy + r * 0.6)]
    pen.poly(top + fringe, hair)
    pen.ellipse(cx - r * 0.35, cy - r * 0.78, r * 0.26, r * 0.09, lighten(hair, 0.25), line=False, rot=-18)


def _baby_curl(pen: Pen, cx: float, cy: float, r: float, hair: RGB) -> None:
    pen.stroke(arc_points(cx + r * 0.05, cy - r * 0.95, r * 0.2, r * 0.2, 90, 400, 14), r * 0.1, hair)


def mustache(pen: Pen, cx: float, cy: float, r: float, hair: RGB) -> None:
    for s in (-1, 1):
        pen.ellipse(cx + s * r * 0.18, cy + r * 0.3, r * 0.22, r * 0.1, hair, rot=s * -12)
