"""Heads of four-legged animals, seen from the front: ears, muzzle, nose and an expressive face.

``hair`` is the markings colour (ear tips, inner ears, mane); the head sits on a side-view body.
"""

from __future__ import annotations

from typing import Any

from engine.art import accessories
from engine.art.canvas import Pen
from engine.art.colors import RGB, darken, lighten, mix
from engine.art.faces import FaceLayout, draw_face
from engine.art.figures import Look

PINK: RGB = (246, 170, 176)
NOSE: RGB = (56, 42, 46)
WHITE: RGB = (252, 250, 246)
HORN: RGB = (250, 222, 120)


def draw_head(
    pen: Pen, look: Look, p: dict[str, Any], cx: float, cy: float, mood: str, *, asleep: bool
) -> None:
    r = p["head"]
    _ears(pen, look, p["ears"], cx, cy, r)
    if p.get("mane"):
        pen.blob(
            [(cx + dx * r, cy - r * 0.85 + abs(dx) * r * 0.3, r * 0.32) for dx in (-0.5, -0.15, 0.2)],
            look.hair,
        )
    if p["snout"] == "horse":
        pen.ellipse(cx, cy + r * 0.1, r * 0.82, r * 1.08, look.skin)
        pen.ellipse(cx, cy + r * 0.72, r * 0.58, r * 0.42, lighten(look.skin, 0.35))
        for s in (-1, 1):
            pen.ellipse(
                cx + s * r * 0.2, cy + r * 0.72, r * 0.07, r * 0.1, darken(look.skin, 0.35), line=False
            )
        layout = FaceLayout(spacing=0.42, eye_y=-0.1, eye_r=0.15, mouth_y=1.0, mouth_w=0.16)
    elif p["snout"] == "dino":
        pen.ellipse(cx, cy, r * 1.05, r * 0.92, look.skin)
        pen.ellipse(cx, cy + r * 0.45, r * 0.62, r * 0.34, lighten(look.skin, 0.3), line=False)
        for s in (-1, 1):
            pen.circle(cx + s * r * 0.18, cy + r * 0.32, r * 0.05, darken(look.skin, 0.4), line=False)
        layout = FaceLayout(spacing=0.45, eye_y=-0.18, eye_r=0.15, mouth_y=0.6, mouth_w=0.24)
    else:
        layout = _small_snout(pen, look, p, cx, cy, r)
    draw_face(pen, cx, cy, r, mood, look.eyes, skin=look.skin, closed=asleep, layout=layout)
    if p.get("horn"):
        pen.poly([(cx - r * 0.17, cy - r * 0.82), (cx + r * 0.17, cy - r * 0.82), (cx, cy - r * 1.75)], HORN)
        for t in (0.35, 0.6):
            y = cy - r * (0.82 + 0.93 * t)
            pen.stroke(
                [(cx - r * 0.17 * (1 - t), y), (cx + r * 0.17 * (1 - t), y - r * 0.08)],
                r * 0.04,
                darken(HORN, 0.2),
            )
    if p.get("mane"):
        pen.blob([(cx + dx * r, cy - r * 0.75, r * 0.2) for dx in (0.12, 0.35)], look.hair)
    if look.accessory in ("glasses", "hat", "bow", "crown"):
        accessories.head_item(
            pen,
            look.accessory,
            cx,
            cy,
            r,
            look.primary,
            look.secondary,
            eye_spacing=layout.spacing,
            eye_y=layout.eye_y,
            top=1.0,
        )


def _small_snout(pen: Pen, look: Look, p: dict[str, Any], cx: float, cy: float, r: float) -> FaceLayout:
    """Dog, cat, rabbit and fox faces: round head, muzzle, nose, whiskers."""
    snout = p["snout"]
    if snout == "fox":
        pen.poly(
            [
                (cx - r * 1.05, cy - r * 0.2),
                (cx - r * 0.6, cy - r * 0.85),
                (cx + r * 0.6, cy - r * 0.85),
                (cx + r * 1.05, cy - r * 0.2),
                (cx + r * 0.85, cy + r * 0.4),
                (cx, cy + r * 0.95),
                (cx - r * 0.85, cy + r * 0.4),
            ],
            look.skin,
        )
        pen.poly(
            [
                (cx - r * 0.95, cy + r * 0.05),
                (cx - r * 0.25, cy + r * 0.25),
                (cx, cy + r * 0.9),
                (cx + r * 0.25, cy + r * 0.25),
                (cx + r * 0.95, cy + r * 0.05),
                (cx + r * 0.7, cy + r * 0.45),
                (cx, cy + r * 0.95),
                (cx - r * 0.7, cy + r * 0.45),
            ],
            WHITE,
            line=False,
        )
        pen.ellipse(cx, cy + r * 0.78, r * 0.13, r * 0.09, NOSE, line=False)
        return FaceLayout(spacing=0.42, eye_y=-0.08, eye_r=0.14, mouth_y=1.02, mouth_w=0.14)
    pen.ellipse(cx, cy, r * 1.02, r * 0.95, look.skin)
    if snout == "dog":
        pen.ellipse(cx, cy + r * 0.45, r * 0.5, r * 0.36, lighten(look.skin, 0.45))
        pen.ellipse(cx, cy + r * 0.28, r * 0.2, r * 0.14, NOSE, line=False)
        pen.circle(cx - r * 0.06, cy + r * 0.24, r * 0.05, WHITE, line=False)
        return FaceLayout(spacing=0.42, eye_y=-0.12, eye_r=0.15, mouth_y=0.58, mouth_w=0.2)
    pen.ellipse(cx, cy + r * 0.38, r * 0.36, r * 0.24, lighten(look.skin, 0.45), line=False)
    pen.poly(
        [(cx - r * 0.1, cy + r * 0.24), (cx + r * 0.1, cy + r * 0.24), (cx, cy + r * 0.34)], PINK, line=False
    )
    if p.get("whiskers"):
        for s in (-1, 1):
            for dy in (-0.04, 0.08):
                pen.stroke(
                    [
                        (cx + s * r * 0.45, cy + r * (0.38 + dy)),
                        (cx + s * r * 1.1, cy + r * (0.32 + dy * 2.2)),
                    ],
                    r * 0.03,
                    darken(look.skin, 0.45),
                )
    return FaceLayout(spacing=0.42, eye_y=-0.1, eye_r=0.15, mouth_y=0.52, mouth_w=0.16)


def _ears(pen: Pen, look: Look, ears: str, cx: float, cy: float, r: float) -> None:
    inner = mix(PINK, look.hair, 0.35)
    for s in (-1, 1):
        if ears == "floppy":
            pen.ellipse(cx + s * r * 0.95, cy + r * 0.05, r * 0.3, r * 0.62, look.hair, rot=s * -18)
        elif ears in ("pointy", "fox"):
            big = 1.25 if ears == "fox" else 1.0
            base, tip = (cx + s * r * 0.85, cy - r * 0.3), (cx + s * r * 0.72, cy - r * (1.0 + 0.35 * big))
            pen.poly([base, tip, (cx + s * r * 0.15, cy - r * 0.85)], look.skin)
            pen.poly(
                [
                    (cx + s * r * 0.7, cy - r * 0.5),
                    (cx + s * r * 0.7, cy - r * (0.9 + 0.3 * big)),
                    (cx + s * r * 0.35, cy - r * 0.8),
                ],
                look.hair if ears == "fox" else inner,
                line=False,
            )
        elif ears == "long":
            pen.ellipse(cx + s * r * 0.38, cy - r * 1.45, r * 0.26, r * 0.85, look.skin, rot=s * 8)
            pen.ellipse(cx + s * r * 0.38, cy - r * 1.4, r * 0.13, r * 0.62, inner, line=False, rot=s * 8)
