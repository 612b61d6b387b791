"""Accessories any character can wear: glasses, hat, bow, crown on the head; scarf, collar, cape, backpack.

Head items take the head centre and radius so people, animals and creatures share them.
"""

from __future__ import annotations

from engine.art.canvas import Pen, arc_points
from engine.art.colors import RGB, darken, lighten

GOLD: RGB = (246, 196, 64)
LENS: RGB = (60, 50, 56)


def head_item(
    pen: Pen,
    item: str,
    cx: float,
    cy: float,
    r: float,
    primary: RGB,
    secondary: RGB,
    *,
    eye_spacing: float = 0.4,
    eye_y: float = 0.02,
    top: float = 1.0,
) -> None:
    """Draw a head accessory; ``top`` is how far above the centre (in radii) the head's crown is."""
    if item == "glasses":
        _glasses(pen, cx, cy + eye_y * r, r, eye_spacing)
    elif item == "hat":
        _hat(pen, cx, cy - top * r * 0.72, r, primary, secondary)
    elif item == "bow":
        bx, by = cx + r * 0.55, cy - top * r * 0.82
        for s in (-1, 1):
            pen.poly(
                [(bx, by), (bx + s * r * 0.42, by - r * 0.24), (bx + s * r * 0.42, by + r * 0.24)], primary
            )
        pen.circle(bx, by, r * 0.11, darken(primary, 0.15))
    elif item == "crown":
        _crown(pen, cx, cy - top * r * 0.78, r, primary)


def _glasses(pen: Pen, cx: float, y: float, r: float, spacing: float) -> None:
    for s in (-1, 1):
        pen.stroke(arc_points(cx + s * spacing * r, y, r * 0.25, r * 0.23, 0, 360, 16), r * 0.06, LENS)
    pen.stroke([(cx - spacing * r + r * 0.25, y), (cx + spacing * r - r * 0.25, y)], r * 0.06, LENS)


def _hat(pen: Pen, cx: float, y: float, r: float, band: RGB, felt: RGB) -> None:
    pen.poly(arc_points(cx, y, r * 0.78, r * 0.85, 180, 360, 14), felt)
    pen.poly(
        [
            (cx - r * 0.78, y),
            (cx + r * 0.78, y),
            (cx + r * 0.78, y - r * 0.18),
            (cx - r * 0.78, y - r * 0.18),
        ],
        band,
    )
    pen.ellipse(cx, y + r * 0.04, r * 1.3, r * 0.16, felt)


def _crown(pen: Pen, cx: float, y: float, r: float, jewel: RGB) -> None:
    w = r * 0.62
    points = [(cx - w, y), (cx - w, y - r * 0.5), (cx - w * 0.5, y - r * 0.25), (cx, y - r * 0.6)]
    points += [(cx + w * 0.5, y - r * 0.25), (cx + w, y - r * 0.5), (cx + w, y)]
    pen.poly(points, GOLD)
    pen.circle(cx, y - r * 0.15, r * 0.1, jewel, line=False)


def scarf(pen: Pen, x: float, y: float, w: float, main: RGB, stripe: RGB) -> None:
    """A scarf round a neck at (x, y) of width ``w``, with one end hanging on the lead side."""
    pen.limb([(x - w / 2, y), (x + w / 2, y)], w * 0.32, main)
    pen.poly(
        [(x + w * 0.12, y), (x + w * 0.42, y), (x + w * 0.46, y + w * 0.9), (x + w * 0.16, y + w * 0.9)], main
    )
    pen.stroke([(x + w * 0.15, y + w * 0.6), (x + w * 0.45, y + w * 0.6)], w * 0.08, stripe)


def bandana(pen: Pen, x: float, y: float, w: float, main: RGB, dots: RGB) -> None:
    """A neckerchief for animals: the family colour on every pet."""
    pen.poly([(x - w / 2, y - w * 0.12), (x + w / 2, y - w * 0.12), (x, y + w * 0.62)], main)
    for dx, dy in ((-0.18, 0.05), (0.16, 0.08), (0.0, 0.3)):
        pen.circle(x + dx * w, y + dy * w, w * 0.055, dots, line=False)


def collar(pen: Pen, x: float, y: float, w: float, main: RGB) -> None:
    pen.limb([(x - w / 2, y), (x + w / 2, y)], w * 0.24, main)
    pen.circle(x, y + w * 0.22, w * 0.13, GOLD)


def cape(pen: Pen, shoulder_y: float, half: float, length: float, c: RGB) -> None:
    pen.poly(
        [
            (-half, shoulder_y),
            (half, shoulder_y),
            (half * 1.7, shoulder_y + length),
            (-half * 1.7, shoulder_y + length),
        ],
        c,
    )


def backpack(pen: Pen, shoulder_y: float, half: float, height: float, c: RGB) -> None:
    """The bag behind the back (seen at the sides); straps are drawn over the front by ``straps``."""
    pen.poly(
        [
            (-half * 1.12, shoulder_y + height * 0.1),
            (half * 1.12, shoulder_y + height * 0.1),
            (half * 1.12, shoulder_y + height),
            (-half * 1.12, shoulder_y + height),
        ],
        darken(c, 0.1),
    )


def straps(pen: Pen, shoulder_y: float, half: float, height: float, c: RGB) -> None:
    for s in (-1, 1):
        pen.limb(
            [(s * half * 0.55, shoulder_y + 1), (s * half * 0.6, shoulder_y + height * 0.85)],
            half * 0.2,
            lighten(c, 0.05),
        )
