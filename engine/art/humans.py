"""People: girl, boy, child, baby, mom, dad, grown-up, grandma and grandpa, dressed from their spec.

Primary outfit colour is the top (or dress, or onesie), secondary the trousers, skirt or trim; the
same spec always gives the same person.
"""

from __future__ import annotations

import math
from typing import Any

from engine.art import accessories, hair
from engine.art.biped import Limb, Skeleton, body_pen, limb_points, skeleton, upper
from engine.art.canvas import Pen, arc_points
from engine.art.colors import RGB, darken, mix
from engine.art.faces import FaceLayout, draw_face
from engine.art.figures import Look, height_of, plan

LONG_SLEEVES = {"shirt-trousers", "cardigan-skirt", "sweater-trousers"}
WHITE: RGB = (250, 248, 242)


def draw_human(pen: Pen, look: Look, pose: str, mood: str) -> Pen:
    """Draw a person with feet at the pen's origin; returns the body pen (for hands and props)."""
    p = plan(look.kind)
    sk = skeleton(p, pose)
    bp = body_pen(pen, sk, pose, height_of(look.kind))
    hx, hy, r = sk.head[0], sk.head[1], sk.head_r
    if sk.lying:
        bp.ellipse(hx - r * 0.2, hy - r * 0.1, r * 1.25, r * 1.0, WHITE)
    hair.back(bp, look.hair_style if look.kind != "baby" else "short", hx, hy, r, look.hair, look.secondary)
    if look.accessory == "cape":
        accessories.cape(
            bp,
            sk.shoulder_y + 1,
            sk.torso_w * 0.5,
            (sk.hip_y - sk.shoulder_y) * -1 + p["leg"] * 0.6,
            look.secondary,
        )
    if look.accessory == "backpack":
        accessories.backpack(bp, sk.shoulder_y, sk.torso_w * 0.5, -sk.shoulder_y + sk.hip_y, look.secondary)
    _legs(bp, look, p, sk)
    _torso(bp, look, p, sk)
    _arms(bp, look, p, sk)
    _head(bp, look, p, sk, mood, closed=sk.lying)
    if look.accessory == "backpack":
        accessories.straps(bp, sk.shoulder_y, sk.torso_w * 0.5, sk.hip_y - sk.shoulder_y, look.secondary)
    if sk.lying:
        _blanket(bp, look, sk)
    return bp


def _legs(pen: Pen, look: Look, p: dict[str, Any], sk: Skeleton) -> None:
    outfit = p["outfit"]
    trousers = outfit in ("tee-trousers", "shirt-trousers", "sweater-trousers")
    leg_c = look.secondary if trousers else look.primary if outfit == "onesie" else look.skin
    shoes: RGB = tuple(p["shoes"])
    for leg in (sk.back_leg, sk.lead_leg):
        pts = limb_points(leg)
        pen.limb([*pts[:2], (leg.end[0], leg.end[1] - sk.limb_w * 0.45)], sk.limb_w, leg_c)
        if outfit == "tee-shorts":
            pen.limb(upper(leg, 0.8), sk.limb_w * 1.25, look.secondary)
        _shoe(pen, leg, sk, shoes if outfit != "onesie" else look.primary)


def _shoe(pen: Pen, leg: Limb, sk: Skeleton, c: RGB) -> None:
    x, y = leg.end
    w = sk.limb_w
    if sk.sitting:
        pen.ellipse(x, y - w * 0.35, w * 0.62, w * 0.85, c)
    else:
        side = 1 if x >= 0 else -1
        pen.ellipse(x + side * w * 0.2, y - w * 0.4, w * 0.9, w * 0.55, c)


def _torso(pen: Pen, look: Look, p: dict[str, Any], sk: Skeleton) -> None:
    outfit, sy, hy, tw = p["outfit"], sk.shoulder_y, sk.hip_y, sk.torso_w
    half, waist = tw / 2, tw * 0.44
    if outfit == "cardigan-skirt":
        skirt = hy + p["leg"] * 0.6
        pen.poly(
            [(-waist * 1.05, hy - 3), (waist * 1.05, hy - 3), (waist * 1.45, skirt), (-waist * 1.45, skirt)],
            look.secondary,
        )
    top = arc_points(0, sy + tw * 0.2, half, tw * 0.22, 180, 360, 10)
    body = [(-waist, hy + 2), (-half, sy + tw * 0.2), *top, (half, sy + tw * 0.2), (waist, hy + 2)]
    if outfit in ("dress", "long-dress"):
        _dress(pen, look, p, sk, body)
    else:
        pen.poly(body, look.primary)
        _trim(pen, look, outfit, sk)
    if look.accessory == "collar":
        for s in (-1, 1):
            pen.ellipse(s * half * 0.28, sy + tw * 0.1, half * 0.3, tw * 0.1, look.secondary, rot=s * 20)


def _dress(pen: Pen, look: Look, p: dict[str, Any], sk: Skeleton, body: list[tuple[float, float]]) -> None:
    """A dress: bodice, flared skirt to the knee (or lower), a sash and a hem in the second colour."""
    sy, hy, half, waist = sk.shoulder_y, sk.hip_y, sk.torso_w / 2, sk.torso_w * 0.44
    short = p["outfit"] == "dress"
    hem = hy + p["leg"] * (0.15 if sk.sitting else 0.5 if short else 0.7)
    flare, sash = half * (1.45 if short else 1.3), hy - (hy - sy) * 0.32
    pen.poly(
        [
            (-waist * 0.95, hy - (hy - sy) * 0.35),
            (-flare, hem),
            (flare, hem),
            (waist * 0.95, hy - (hy - sy) * 0.35),
        ],
        look.primary,
    )
    pen.poly([*body[:-1], (waist * 0.95, sash + 1), (-waist * 0.95, sash + 1)], look.primary)
    pen.limb([(-flare * 0.97, hem - 1.5), (flare * 0.97, hem - 1.5)], 2.4, look.secondary, line=False)
    pen.limb([(-waist * 0.95, sash), (waist * 0.95, sash)], 2.2, look.secondary, line=False)


def _trim(pen: Pen, look: Look, outfit: str, sk: Skeleton) -> None:
    """The detail that tells tops apart: a stripe, shirt collar and buttons, a cardigan's V, a bib."""
    sy, hy, tw = sk.shoulder_y, sk.hip_y, sk.torso_w
    half, body_h = tw / 2, hy - sy
    if outfit in ("tee-shorts", "tee-trousers"):
        pen.limb(
            [(-half * 0.8, sy + body_h * 0.5), (half * 0.8, sy + body_h * 0.5)],
            body_h * 0.14,
            look.secondary,
            line=False,
        )
    elif outfit == "shirt-trousers":
        pen.poly([(-half * 0.35, sy + 0.5), (0, sy + tw * 0.22), (half * 0.35, sy + 0.5)], WHITE)
        for i in range(3):
            pen.circle(0, sy + body_h * (0.35 + 0.2 * i), tw * 0.035, look.secondary, line=False)
    elif outfit == "cardigan-skirt":
        pen.poly([(-half * 0.3, sy + 0.5), (0, sy + body_h * 0.45), (half * 0.3, sy + 0.5)], WHITE)
        for i in range(2):
            pen.circle(0, sy + body_h * (0.6 + 0.2 * i), tw * 0.04, look.secondary, line=False)
    elif outfit == "sweater-trousers":
        pen.limb(
            [(-half * 0.85, sy + body_h * 0.42), (half * 0.85, sy + body_h * 0.42)],
            body_h * 0.1,
            look.secondary,
            line=False,
        )
    elif outfit == "onesie":
        pen.circle(0, sy + body_h * 0.4, tw * 0.16, look.secondary, line=False)


def _arms(pen: Pen, look: Look, p: dict[str, Any], sk: Skeleton) -> None:
    sleeve_long = p["outfit"] in LONG_SLEEVES
    for arm in (sk.back_arm, sk.lead_arm):
        pen.limb(limb_points(arm), sk.limb_w * 0.92, look.primary if sleeve_long else look.skin)
        if not sleeve_long:
            pen.limb(upper(arm, 0.85), sk.limb_w * 1.1, look.primary)
        pen.circle(arm.end[0], arm.end[1], sk.limb_w * 0.62, look.skin)


def _head(pen: Pen, look: Look, p: dict[str, Any], sk: Skeleton, mood: str, *, closed: bool) -> None:
    hx, hy, r = sk.head[0], sk.head[1], sk.head_r
    pen.limb([(0, sk.shoulder_y + 2), (0, hy + r * 0.6)], r * 0.5, look.skin)
    if look.accessory == "scarf":
        accessories.scarf(pen, 0, sk.shoulder_y + 0.5, sk.torso_w * 0.62, look.secondary, look.primary)
    for s in (-1, 1):
        pen.circle(hx + s * r * 0.96, hy + r * 0.12, r * 0.22, look.skin)
    pen.ellipse(hx, hy, r, r * 0.98, look.skin)
    draw_face(
        pen,
        hx,
        hy + r * 0.08,
        r,
        mood,
        look.eyes,
        skin=look.skin,
        closed=closed,
        layout=FaceLayout(eye_r=0.13 if look.kind != "baby" else 0.15),
    )
    if p.get("elder"):
        for s in (-1, 1):
            pen.stroke(
                arc_points(
                    hx + s * r * 0.62,
                    hy + r * 0.1,
                    r * 0.1,
                    r * 0.12,
                    -60 if s > 0 else 120,
                    60 if s > 0 else 240,
                    5,
                ),
                r * 0.035,
                darken(look.skin, 0.25),
            )
    if p.get("mustache"):
        hair.mustache(pen, hx, hy + r * 0.12, r, look.hair)
    hair.front(
        pen, look.hair_style, hx, hy, r, look.hair, baby=look.kind == "baby", elder=bool(p.get("elder"))
    )
    if look.accessory in ("glasses", "hat", "bow", "crown"):
        accessories.head_item(
            pen,
            look.accessory,
            hx,
            hy + r * 0.08,
            r,
            look.primary,
            look.secondary,
            eye_spacing=0.4,
            eye_y=0.02,
        )


def _blanket(pen: Pen, look: Look, sk: Skeleton) -> None:
    """A cosy patchwork quilt with soft corners over a sleeping person's legs (their second colour)."""
    c = mix(look.secondary, WHITE, 0.5)
    w, top, bottom = sk.torso_w * 0.8, sk.hip_y - (sk.hip_y - sk.shoulder_y) * 0.25, 4.0
    pen.poly(_rounded_rect(-w, top, w, bottom, min(w, bottom - top) * 0.35), c)
    patch = darken(c, 0.1)
    cols, rows = 4, 2
    pw, ph = 2 * w * 0.84 / cols, (bottom - top) * 0.62 / rows
    for i in range(cols):
        for j in range(rows):
            if (i + j) % 2:
                x0, y0 = -w * 0.84 + i * pw, top + (bottom - top) * 0.3 + j * ph
                pen.poly(
                    _rounded_rect(x0 + 0.6, y0 + 0.6, x0 + pw - 0.6, y0 + ph - 0.6, 1.2), patch, line=False
                )
    pen.limb([(-w * 0.9, top + 2.2), (w * 0.9, top + 2.2)], 3.6, WHITE, line=False)


def _rounded_rect(x0: float, y0: float, x1: float, y1: float, r: float) -> list[tuple[float, float]]:
    """The outline of a rectangle whose corners are quarter circles of radius ``r``."""
    pts: list[tuple[float, float]] = []
    corners = ((x1 - r, y0 + r, -90), (x1 - r, y1 - r, 0), (x0 + r, y1 - r, 90), (x0 + r, y0 + r, 180))
    for cx, cy, start in corners:
        for step in range(7):
            a = math.radians(start + step * 15)
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts
