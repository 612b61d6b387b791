"""Draws one cast member anywhere on a canvas, whatever their kind: the single entry point for figures."""

from __future__ import annotations

from engine.art.animals import draw_animal
from engine.art.biped import skeleton
from engine.art.canvas import Canvas
from engine.art.creatures import draw_creature
from engine.art.figures import Look, Placed, height_of, plan, width_of
from engine.art.humans import draw_human


def draw_character(
    canvas: Canvas,
    look: Look,
    pose: str,
    mood: str,
    x: float,
    y: float,
    scale: float,
    *,
    facing_right: bool = True,
) -> Placed:
    """Draw ``look`` with feet at output pixel (x, y), ``scale`` pixels per figure unit."""
    p = plan(look.kind)
    pen = canvas.pen(x, y, scale, flip=not facing_right, mode="cast")
    family = p["family"]
    if family == "human":
        body = draw_human(pen, look, pose, mood)
    elif family == "animal":
        body = draw_animal(pen, look, pose, mood)
    else:
        body = draw_creature(pen, look, pose, mood)
    h, w = height_of(look.kind) * scale, width_of(look.kind) * scale
    hands = []
    if family != "animal":
        sk = skeleton(p, pose)
        hands = [body.to_output(*sk.lead_arm.end), body.to_output(*sk.back_arm.end)]
    else:
        hands = [(x + (w * 0.35 if facing_right else -w * 0.35), y - h * 0.4)]
    return Placed((x - w / 2, y - h * 1.05, x + w / 2, y), hands)
