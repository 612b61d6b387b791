"""The character card for the character designer: the character large on a soft pastel background.

Drawn with the very same figure code as the book pages, so the card is a true preview.
"""

from __future__ import annotations

import random

import numpy as np
from PIL import Image

from engine.art import styles
from engine.art.canvas import Canvas
from engine.art.cast import draw_character
from engine.art.colors import RGB, darken, lighten, mix
from engine.art.figures import Look, height_of, plan, width_of
from engine.art.sky import star_points
from engine.catalog import ArtStyle
from engine.models import CharacterSpec

SUPERSAMPLE = 2


def _soft_background(size: int, look: Look, night: bool) -> Image.Image:
    """A round pastel glow from the character's second colour, deeper at the corners."""
    centre = lighten(look.secondary, 0.72) if not night else mix(look.secondary, (40, 46, 100), 0.75)
    edge = mix(centre, (170, 206, 240) if not night else (20, 24, 60), 0.55)
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    d = np.clip(np.sqrt((x - size / 2) ** 2 + (y - size * 0.45) ** 2) / (size * 0.7), 0, 1)[..., None]
    arr = np.array(centre, np.float32) * (1 - d) + np.array(edge, np.float32) * d
    return Image.fromarray(arr.astype(np.uint8), "RGB")


def render_portrait(spec: CharacterSpec, style_name: ArtStyle, seed: int, size: int) -> Image.Image:
    """The card image, ``size`` pixels square."""
    st = styles.style(style_name)
    look = Look.of(spec)
    canvas = Canvas(size, size, st.ink, SUPERSAMPLE, _soft_background(size * SUPERSAMPLE, look, st.glow))
    rng = random.Random(seed * 31 + 5)
    pen = canvas.lights()
    for _ in range(9):
        x, y, r = rng.random() * size, rng.random() * size * 0.8, size * (0.01 + rng.random() * 0.02)
        c: RGB = lighten(look.primary, 0.7) if rng.random() < 0.5 else (255, 255, 255)
        if rng.random() < 0.4:
            pen.poly(star_points(x, y, r * 1.4), lighten(c, 0.2), line=False)
        else:
            pen.circle(x, y, r, c, line=False)
    scale = min(0.74 * size / height_of(spec.kind), 0.8 * size / width_of(spec.kind))
    feet = size * 0.9
    pen.ellipse(
        size / 2, feet, scale * 28, scale * 4.5, darken(lighten(look.secondary, 0.6), 0.15), line=False
    )
    pose = "standing" if plan(spec.kind)["family"] == "animal" else "waving"
    draw_character(canvas, look, pose, "happy", size / 2, feet, scale, facing_right=True)
    return styles.finish(canvas.finish(), st)
