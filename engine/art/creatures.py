"""Upright storybook creatures: teddy-ish bears, chubby dragons and friendly robots.

They share the people's skeleton and poses; skin is fur, scales or metal, and the outfit colours go on
a vest, a scarf or a chest panel so the family's colours are on every page.
"""

from __future__ import annotations

import math
from typing import Any

from engine.art import accessories
from engine.art.biped import Skeleton, body_pen, limb_points, skeleton
from engine.art.canvas import Pen
from engine.art.colors import RGB, darken, lighten, mix
from engine.art.faces import FaceLayout, draw_face
from engine.art.figures import Look, height_of, plan

NOSE: RGB = (60, 44, 48)


def draw_creature(pen: Pen, look: Look, pose: str, mood: str) -> Pen:
    """Draw a bear, dragon or robot with feet at the pen's origin."""
    p = plan(look.kind)
    sk = skeleton(p, pose)
    bp = body_pen(pen, sk, pose, height_of(look.kind))
    robot = p["family"] == "robot"
    if look.accessory == "cape":
        accessories.cape(bp, sk.shoulder_y + 2, sk.torso_w * 0.45, -sk.shoulder_y * 0.85, look.secondary)
    if p.get("wings"):
        _wings(bp, look, sk)
    if p.get("tail"):
        _tail(bp, look, p, sk)
    belly = lighten(look.skin, 0.45) if not robot else lighten(look.skin, 0.25)
    for leg in (sk.back_leg, sk.lead_leg):
        bp.limb(limb_points(leg), sk.limb_w * 1.1, look.skin if not robot else darken(look.skin, 0.1))
        bp.ellipse(
            leg.end[0],
            leg.end[1] - sk.limb_w * 0.3,
            sk.limb_w * 0.85,
            sk.limb_w * 0.5,
            belly if not robot else darken(look.skin, 0.3),
        )
    if robot:
        _robot_body(bp, look, sk)
    else:
        _round_body(bp, look, p, sk, belly)
    for arm in (sk.back_arm, sk.lead_arm):
        bp.limb(
            limb_points(arm),
            sk.limb_w * (0.8 if robot else 1.0),
            look.skin if not robot else darken(look.skin, 0.1),
        )
        bp.circle(arm.end[0], arm.end[1], sk.limb_w * 0.65, look.skin if not robot else look.secondary)
    if robot:
        _robot_head(bp, look, sk, mood)
    else:
        _creature_head(bp, look, p, sk, mood)
    return bp


def _round_body(pen: Pen, look: Look, p: dict[str, Any], sk: Skeleton, belly: RGB) -> None:
    cy = (sk.shoulder_y + sk.hip_y) / 2
    ry = (sk.hip_y - sk.shoulder_y) * 0.62
    pen.ellipse(0, cy, sk.torso_w * 0.55, ry, look.skin)
    pen.ellipse(0, cy + ry * 0.12, sk.torso_w * 0.34, ry * 0.72, belly, line=False)
    if p["outfit"] == "vest":
        for s in (-1, 1):
            pen.poly(
                [
                    (s * sk.torso_w * 0.1, sk.shoulder_y + 2),
                    (s * sk.torso_w * 0.5, sk.shoulder_y + 3),
                    (s * sk.torso_w * 0.56, cy + ry * 0.55),
                    (s * sk.torso_w * 0.2, cy + ry * 0.75),
                ],
                look.primary,
            )
            pen.circle(s * sk.torso_w * 0.28, cy + ry * 0.15, sk.torso_w * 0.04, look.secondary, line=False)
    if p.get("spikes"):
        pen.poly(
            [(0, sk.hip_y - 2), (-sk.torso_w * 0.12, cy + ry * 0.2), (sk.torso_w * 0.12, cy + ry * 0.2)],
            belly,
            line=False,
        )
    neckwear_w = sk.torso_w * 0.8
    if p["outfit"] == "scarf" or look.accessory == "scarf":
        accessories.scarf(pen, 0, sk.shoulder_y + 1.5, neckwear_w, look.primary, look.secondary)
    elif look.accessory == "collar":
        accessories.collar(pen, 0, sk.shoulder_y + 1.5, neckwear_w * 0.8, look.primary)


def _wings(pen: Pen, look: Look, sk: Skeleton) -> None:
    membrane = mix(look.skin, look.hair, 0.5)
    for s in (-1, 1):
        x0, y0 = s * sk.torso_w * 0.3, sk.shoulder_y + 4
        tip = (s * sk.torso_w * 1.25, sk.shoulder_y - sk.torso_w * 0.55)
        pen.poly(
            [
                (x0, y0),
                tip,
                (s * sk.torso_w * 1.15, sk.shoulder_y + 2),
                (s * sk.torso_w * 0.95, sk.shoulder_y + 10),
                (s * sk.torso_w * 0.7, sk.shoulder_y + 6),
                (s * sk.torso_w * 0.5, sk.shoulder_y + 14),
            ],
            membrane,
        )


def _tail(pen: Pen, look: Look, p: dict[str, Any], sk: Skeleton) -> None:
    if p["tail"] == "stub":
        pen.circle(-sk.torso_w * 0.5, sk.hip_y - 3, sk.limb_w * 0.55, look.skin)
        return
    pts = [
        (-sk.torso_w * 0.25, sk.hip_y - 2),
        (-sk.torso_w * 0.75, sk.hip_y + 6),
        (-sk.torso_w * 1.15, sk.hip_y + 2),
        (-sk.torso_w * 1.35, sk.hip_y - 7),
    ]
    pen.limb(pts, sk.limb_w * 0.95, look.skin)
    x, y = pts[-1]
    pen.poly([(x - 5, y + 1), (x - 1, y - 7), (x + 5, y - 1), (x, y + 3)], look.hair)


def _creature_head(pen: Pen, look: Look, p: dict[str, Any], sk: Skeleton, mood: str) -> None:
    hx, hy, r = sk.head[0], sk.head[1], sk.head_r
    muzzle = lighten(look.skin, 0.45)
    if p["ears"] == "round":
        for s in (-1, 1):
            pen.circle(hx + s * r * 0.72, hy - r * 0.72, r * 0.34, look.skin)
            pen.circle(hx + s * r * 0.72, hy - r * 0.72, r * 0.18, mix(look.skin, look.hair, 0.6), line=False)
    elif p["ears"] == "horns":
        for s in (-1, 1):
            pen.poly(
                [
                    (hx + s * r * 0.35, hy - r * 0.8),
                    (hx + s * r * 0.62, hy - r * 1.45),
                    (hx + s * r * 0.68, hy - r * 0.65),
                ],
                look.hair,
            )
    if p.get("spikes"):
        for dx in (-0.15, 0.15):
            pen.poly(
                [
                    (hx + (dx - 0.12) * r, hy - r * 0.9),
                    (hx + dx * r, hy - r * 1.22),
                    (hx + (dx + 0.12) * r, hy - r * 0.9),
                ],
                look.hair,
            )
    pen.ellipse(hx, hy, r * 1.02, r * 0.95, look.skin)
    long = p["snout"] == "long"
    pen.ellipse(hx, hy + r * 0.42, r * (0.55 if long else 0.42), r * (0.36 if long else 0.32), muzzle)
    if long:
        for s in (-1, 1):
            pen.circle(hx + s * r * 0.16, hy + r * 0.32, r * 0.05, darken(look.skin, 0.4), line=False)
    else:
        pen.ellipse(hx, hy + r * 0.3, r * 0.15, r * 0.1, NOSE, line=False)
    draw_face(
        pen,
        hx,
        hy,
        r,
        mood,
        look.eyes,
        skin=look.skin,
        closed=sk.lying,
        layout=FaceLayout(spacing=0.42, eye_y=-0.12, eye_r=0.14, mouth_y=0.56 if long else 0.54, mouth_w=0.2),
    )
    if look.accessory in ("glasses", "hat", "bow", "crown"):
        accessories.head_item(
            pen,
            look.accessory,
            hx,
            hy,
            r,
            look.primary,
            look.secondary,
            eye_spacing=0.42,
            eye_y=-0.12,
            top=1.1 if p["ears"] == "round" else 1.0,
        )


def _robot_body(pen: Pen, look: Look, sk: Skeleton) -> None:
    tw, sy, hy = sk.torso_w, sk.shoulder_y, sk.hip_y
    pen.poly(_rounded(-tw / 2, sy, tw / 2, hy + 2, tw * 0.14), look.skin)
    pen.poly(
        _rounded(-tw * 0.36, sy + (hy - sy) * 0.15, tw * 0.36, sy + (hy - sy) * 0.8, tw * 0.08), look.primary
    )
    for i, dx in enumerate((-0.18, 0.0, 0.18)):
        pen.circle(
            dx * tw,
            sy + (hy - sy) * 0.62,
            tw * 0.055,
            look.secondary if i != 1 else lighten(look.primary, 0.5),
            line=False,
        )
    pen.circle(0, sy + (hy - sy) * 0.35, tw * 0.12, lighten(look.primary, 0.55))
    pen.stroke(
        [(0, sy + (hy - sy) * 0.35), (tw * 0.07, sy + (hy - sy) * 0.28)], 1.2, darken(look.primary, 0.5)
    )
    if look.accessory == "scarf":
        accessories.scarf(pen, 0, sy + 1.5, tw * 0.7, look.primary, look.secondary)
    elif look.accessory == "collar":
        accessories.collar(pen, 0, sy + 1.5, tw * 0.6, look.primary)


def _robot_head(pen: Pen, look: Look, sk: Skeleton, mood: str) -> None:
    hx, hy, r = sk.head[0], sk.head[1], sk.head_r
    pen.limb([(hx, hy - r * 0.9), (hx, hy - r * 1.45)], r * 0.08, darken(look.skin, 0.25))
    pen.circle(hx, hy - r * 1.5, r * 0.17, look.hair)
    for s in (-1, 1):
        pen.poly(
            _rounded(
                hx + s * r * 1.05 - r * 0.13,
                hy - r * 0.25,
                hx + s * r * 1.05 + r * 0.13,
                hy + r * 0.25,
                r * 0.05,
            ),
            darken(look.skin, 0.2),
        )
    pen.poly(_rounded(hx - r * 1.05, hy - r * 0.92, hx + r * 1.05, hy + r * 0.88, r * 0.3), look.skin)
    screen = mix(darken(look.skin, 0.6), (30, 40, 60), 0.5)
    pen.poly(_rounded(hx - r * 0.82, hy - r * 0.6, hx + r * 0.82, hy + r * 0.62, r * 0.22), screen)
    draw_face(
        pen,
        hx,
        hy - r * 0.05,
        r * 0.95,
        mood,
        lighten(look.eyes, 0.35),
        skin=screen,
        closed=sk.lying,
        layout=FaceLayout(spacing=0.42, eye_y=-0.05, eye_r=0.17, mouth_y=0.36, mouth_w=0.22, brows=False),
        blush=False,
        ink=(150, 230, 250),
    )
    if look.accessory in ("glasses", "hat", "bow", "crown"):
        accessories.head_item(
            pen,
            look.accessory,
            hx,
            hy,
            r,
            look.primary,
            look.secondary,
            eye_spacing=0.4,
            eye_y=-0.1,
            top=1.15,
        )


def _rounded(x0: float, y0: float, x1: float, y1: float, r: float) -> list[tuple[float, float]]:
    """A rounded rectangle as polygon points."""
    pts: list[tuple[float, float]] = []
    for cx, cy, a0 in (
        (x1 - r, y0 + r, 270),
        (x1 - r, y1 - r, 0),
        (x0 + r, y1 - r, 90),
        (x0 + r, y0 + r, 180),
    ):
        pts += [
            (cx + r * math.cos(math.radians(a0 + t * 15)), cy + r * math.sin(math.radians(a0 + t * 15)))
            for t in range(7)
        ]
    return pts
