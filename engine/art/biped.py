"""The upright skeleton shared by people, bears, dragons and robots: joints from a body plan and pose.

Angles come from ``data/poses.json``; the lead side (+x) is the side the character faces, and the
whole figure is mirrored by the pen when it faces left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from engine.art.canvas import Pen, Point
from engine.art.figures import poses


@dataclass(frozen=True)
class Limb:
    root: Point
    mid: Point
    end: Point


@dataclass(frozen=True)
class Skeleton:
    hip_y: float
    shoulder_y: float
    head: Point
    head_r: float
    torso_w: float
    limb_w: float
    back_arm: Limb
    lead_arm: Limb
    back_leg: Limb
    lead_leg: Limb
    sitting: bool
    lying: bool


def _limb(root: Point, length: float, angles: list[float], side: int) -> Limb:
    a, b = math.radians(angles[0]), math.radians(angles[0] + angles[1])
    mid = (root[0] + side * math.sin(a) * length / 2, root[1] + math.cos(a) * length / 2)
    end = (mid[0] + side * math.sin(b) * length / 2, mid[1] + math.cos(b) * length / 2)
    return Limb(root, mid, end)


def skeleton(p: dict[str, Any], pose: str) -> Skeleton:
    """Joint positions in figure units with the feet at (0, 0) and y pointing down."""
    q = poses()["biped"][pose]
    torso_h, torso_w = p["torso"]
    sit = bool(q.get("sit"))
    leg = p["leg"]
    hip_y = -leg * (0.3 if sit else 1.0)
    shoulder_y = hip_y - torso_h
    head_r = p["head"]
    head = (0.0, shoulder_y - head_r * 0.82)
    sx, hx = torso_w / 2 - p["limb"] * 0.45, torso_w * 0.22
    arms = [
        _limb((side * sx, shoulder_y + p["limb"] * 0.5), p["arm"], q[key], side)
        for side, key in ((-1, "back_arm"), (1, "lead_arm"))
    ]
    if sit:
        legs = [
            Limb(
                (side * hx, hip_y),
                (side * (hx + leg * 0.2), hip_y * 0.5),
                (side * (hx + leg * 0.42), -p["limb"] * 0.45),
            )
            for side in (-1, 1)
        ]
    else:
        legs = [
            _limb((side * hx, hip_y), leg, q[key], side) for side, key in ((-1, "back_leg"), (1, "lead_leg"))
        ]
    return Skeleton(
        hip_y,
        shoulder_y,
        head,
        head_r,
        torso_w,
        p["limb"],
        arms[0],
        arms[1],
        legs[0],
        legs[1],
        sit,
        bool(q.get("lie")),
    )


def body_pen(pen: Pen, sk: Skeleton, pose: str, height: float) -> Pen:
    """The pen for the body after the pose's lift, lean, or lying down."""
    q = poses()["biped"][pose]
    if sk.lying:
        half = max(sk.torso_w / 2, sk.head_r) * 0.92
        return pen.moved(height * 0.45, -half, rot=-90)
    return pen.moved(0, -q["lift"] * height, rot=q["lean"])


def limb_points(limb: Limb) -> list[Point]:
    return [limb.root, limb.mid, limb.end]


def upper(limb: Limb, t: float = 1.0) -> list[Point]:
    """The first part of a limb, to ``t`` of the way to the elbow or knee (for sleeves and shorts)."""
    return [
        limb.root,
        (limb.root[0] + (limb.mid[0] - limb.root[0]) * t, limb.root[1] + (limb.mid[1] - limb.root[1]) * t),
    ]
