"""Four-legged friends: dog, cat, rabbit, fox, unicorn and dinosaur, side-on bodies with front-on faces.

Each wears the family colour: a bandana (or collar or scarf), and the unicorn a saddle cloth.
"""

from __future__ import annotations

import math
from typing import Any

from engine.art import accessories
from engine.art.animal_heads import WHITE, draw_head
from engine.art.canvas import Pen, Point
from engine.art.colors import darken, lighten
from engine.art.figures import Look, plan, poses


class Body:
    """A tilted body ellipse and points on it, in figure units (feet on y = 0, facing +x)."""

    def __init__(self, p: dict[str, Any], q: dict[str, Any]) -> None:
        self.len, self.h = p["body"]
        self.rx, self.ry = self.len / 2, self.h / 2
        self.leg = p["leg"]
        self.tilt = q["tilt"]
        self.sit, self.lie = bool(q.get("sit")), bool(q.get("lie"))
        if self.lie:
            self.c = (0.0, -self.ry * 1.0)
        elif self.sit:
            self.c = (-self.len * 0.08, -(self.leg * 0.45 + self.ry * 1.6))
        else:
            self.c = (0.0, -(self.leg + self.ry * 0.9))

    def at(self, dx: float, dy: float) -> Point:
        """A point on the body, given relative to its centre before tilting."""
        a = math.radians(self.tilt)
        return (
            self.c[0] + dx * math.cos(a) - dy * math.sin(a),
            self.c[1] + dx * math.sin(a) + dy * math.cos(a),
        )


def draw_animal(pen: Pen, look: Look, pose: str, mood: str) -> Pen:
    """Draw a four-legged animal with feet at the pen's origin; returns the pen used."""
    p = plan(look.kind)
    q = poses()["quad"][p.get("pose_as", {}).get(pose, pose)]
    b = Body(p, q)
    fp = pen.moved(0, -q["lift"] * (b.leg + b.h))
    fur_dark = darken(look.skin, 0.12)
    _tail(fp, look, p, b)
    if not b.lie:
        _legs(fp, look, p, b, q, far=True, color=fur_dark)
    if look.accessory == "cape":
        fp.poly(
            [
                b.at(b.rx * 0.5, -b.ry * 0.9),
                b.at(-b.rx * 0.75, -b.ry * 0.7),
                b.at(-b.rx * 0.85, b.ry * 0.3),
                b.at(b.rx * 0.35, b.ry * 0.2),
            ],
            look.secondary,
        )
    fp.ellipse(b.c[0], b.c[1], b.rx, b.ry, look.skin, rot=b.tilt)
    fp.ellipse(
        *b.at(b.rx * 0.15, b.ry * 0.45),
        b.rx * 0.55,
        b.ry * 0.4,
        lighten(look.skin, 0.3),
        line=False,
        rot=b.tilt,
    )
    _markings(fp, look, p, b)
    if p.get("mane"):
        fp.poly(
            [
                b.at(-b.rx * 0.35, -b.ry * 0.95),
                b.at(b.rx * 0.35, -b.ry * 0.95),
                b.at(b.rx * 0.35, -b.ry * 0.1),
                b.at(-b.rx * 0.35, -b.ry * 0.1),
            ],
            look.primary,
        )
        fp.limb(
            [b.at(-b.rx * 0.35, -b.ry * 0.12), b.at(b.rx * 0.35, -b.ry * 0.12)], b.h * 0.12, look.secondary
        )
    if look.accessory == "backpack":
        fp.ellipse(*b.at(-b.rx * 0.1, -b.ry * 0.1), b.rx * 0.32, b.ry * 0.45, look.secondary, rot=b.tilt)
    if b.lie:
        for dx in (0.45, 0.62):
            fp.ellipse(b.c[0] + b.len * dx, -p["limb"] * 0.5, p["limb"] * 1.1, p["limb"] * 0.55, look.skin)
    else:
        _legs(fp, look, p, b, q, far=False, color=look.skin)
    head = _neck_and_head_at(fp, look, p, b)
    if q.get("paw_up") is not None:
        _raised_paw(fp, look, p, b, head, q["paw_up"])
    _neckwear(fp, look, p, b, head)
    draw_head(fp, look, p, head[0], head[1], mood, asleep=b.lie and not q.get("awake"))
    return fp


def _neck_and_head_at(pen: Pen, look: Look, p: dict[str, Any], b: Body) -> Point:
    r = p["head"]
    if b.lie:
        return (b.c[0] + b.len * 0.45, -r * 1.5)
    base = b.at(b.rx * 0.72, -b.ry * 0.55)
    if p["neck"] > 0:
        head = (base[0] + r * 0.45, base[1] - p["neck"] - r * 0.2)
        pen.limb(
            [b.at(b.rx * 0.55, -b.ry * 0.1), (head[0] - r * 0.1, head[1] + r * 0.4)], r * 1.05, look.skin
        )
        if p.get("plates"):
            for i in range(4):
                x, y = b.at(b.rx * (0.45 - 0.3 * i), -b.ry * 0.98)
                pen.poly([(x - 4, y + 2), (x, y - 8), (x + 4, y + 2)], look.hair)
        return head
    up = p.get("upright", 0)
    return (base[0] + r * 0.1, base[1] - r * 0.55 - up * 0.25)


def _neckwear(pen: Pen, look: Look, p: dict[str, Any], b: Body, head: Point) -> None:
    r = p["head"]
    if p["neck"] > 0:
        x, y, w = head[0] - r * 0.15, head[1] + r * 1.25, r * 1.3
    else:
        x, y, w = head[0], head[1] + r * 0.82, r * 1.35
    if look.accessory == "collar":
        accessories.collar(pen, x, y, w, look.primary)
    elif look.accessory == "scarf":
        accessories.scarf(pen, x, y, w, look.primary, look.secondary)
    else:
        accessories.bandana(pen, x, y, w, look.primary, look.secondary)


def _legs(
    pen: Pen,
    look: Look,
    p: dict[str, Any],
    b: Body,
    q: dict[str, Any],
    *,
    far: bool,
    color: tuple[int, int, int],
) -> None:
    angles = q["legs"]
    w = p["limb"] * (0.95 if far else 1.0)
    off = b.len * 0.06 if far else 0.0
    hind_root = b.at(-b.rx * 0.55 + off, b.ry * 0.3)
    front_root = b.at(b.rx * 0.55 + off, b.ry * 0.3)
    socks = _socks(look, p, color)
    if b.sit:
        if far:
            return
        pen.ellipse(*b.at(-b.rx * 0.45, b.ry * 0.35), b.ry * 0.75, b.ry * 0.85, color, rot=b.tilt)
        pen.ellipse(hind_root[0] + b.ry * 0.5, -w * 0.45, w * 1.1, w * 0.5, socks)
    else:
        _leg(pen, hind_root, angles[3 if far else 2], b.leg, w, color, socks, b)
    paw_up = q.get("paw_up") if not far else None
    if paw_up is None:
        _leg(pen, front_root, angles[1 if far else 0], b.leg, w, color, socks, b)
    if b.sit and not paw_up:
        _leg(pen, b.at(b.rx * 0.35, b.ry * 0.3), 0, b.leg, w, color, socks, b)


def _raised_paw(pen: Pen, look: Look, p: dict[str, Any], b: Body, head: Point, angle: float) -> None:
    """A front paw lifted to wave (beside the face) or to point (straight ahead)."""
    r, w = p["head"], p["limb"]
    root = b.at(b.rx * 0.6, b.ry * 0.1)
    if angle >= 120:
        end = (head[0] + r * 1.3, head[1] + r * 0.15)
    else:
        end = (root[0] + max(b.leg, r * 1.8), root[1] - b.leg * 0.15)
    pen.limb([root, end], w, look.skin)
    pen.circle(end[0], end[1], w * 0.62, _socks(look, p, look.skin))


def _socks(look: Look, p: dict[str, Any], color: tuple[int, int, int]) -> tuple[int, int, int]:
    """Paw, sock or hoof colour at the end of a leg."""
    if p.get("socks"):
        return look.hair
    return darken(color, 0.35) if p.get("hooves") else lighten(color, 0.25)


def _leg(
    pen: Pen,
    root: Point,
    angle: float,
    leg: float,
    w: float,
    c: tuple[int, int, int],
    socks: tuple[int, int, int],
    b: Body,
    *,
    raised: bool = False,
) -> None:
    a = math.radians(angle)
    length = (-root[1] if not raised else leg * 0.8) if not b.sit or raised else -root[1]
    length = max(length, leg * 0.6)
    end = (root[0] + math.sin(a) * length, root[1] + math.cos(a) * length)
    pen.limb([root, end], w, c)
    pen.ellipse(end[0] + w * 0.15, end[1] - w * 0.1, w * 0.62, w * 0.45, socks)


def _tail(pen: Pen, look: Look, p: dict[str, Any], b: Body) -> None:
    base = b.at(-b.rx * 0.92, -b.ry * 0.3)
    x, y = base
    kind, w = p["tail"], p["limb"]
    if kind == "wag":
        pen.limb([base, (x - w * 0.8, y - w * 1.2), (x - w * 1.1, y - w * 2.4)], w * 0.75, look.skin)
    elif kind == "curl":
        pen.limb(
            [base, (x - w * 1.4, y - w * 0.5), (x - w * 1.8, y - w * 2.2), (x - w * 1.1, y - w * 3.0)],
            w * 0.6,
            look.skin,
        )
        pen.circle(x - w * 1.1, y - w * 3.0, w * 0.34, look.hair, line=False)
    elif kind == "puff":
        pen.circle(x + w * 0.2, y, w * 0.85, WHITE)
    elif kind == "bushy":
        pen.ellipse(x - w * 1.2, y - w * 0.7, w * 1.9, w * 0.95, look.skin, rot=-35)
        pen.ellipse(x - w * 2.45, y - w * 1.55, w * 0.8, w * 0.68, WHITE, rot=-35)
    elif kind == "mane":
        pen.limb([base, (x - w * 1.2, y + w * 0.6), (x - w * 1.4, y + w * 2.6)], w * 1.1, look.hair)
    elif kind == "long":
        pen.poly(
            [
                b.at(-b.rx * 0.7, -b.ry * 0.6),
                b.at(-b.rx * 0.7, b.ry * 0.6),
                (x - b.len * 0.75, -w * 0.5),
                (x - b.len * 0.8, -w * 0.9),
            ],
            look.skin,
        )


def _markings(pen: Pen, look: Look, p: dict[str, Any], b: Body) -> None:
    kind = look.kind
    if kind == "dog":
        pen.ellipse(
            *b.at(-b.rx * 0.3, -b.ry * 0.35), b.rx * 0.28, b.ry * 0.42, look.hair, line=False, rot=b.tilt
        )
    elif kind == "cat":
        for i in range(3):
            x, y = b.at(-b.rx * (0.5 - 0.28 * i), -b.ry * 0.95)
            pen.stroke([(x, y), (x - 1, y + b.ry * 0.5)], p["limb"] * 0.35, look.hair)
    elif kind == "dinosaur":
        for dx, dy, r in ((-0.4, -0.2, 0.12), (0.05, -0.4, 0.1), (-0.1, 0.15, 0.08)):
            pen.circle(*b.at(b.rx * dx, b.ry * dy), b.len * r * 0.5, darken(look.skin, 0.12), line=False)
