"""Composes one picture from a ``PictureRequest``: backdrop, landscape, props, cast, weather, style.

Drawing order is back to front; everything random comes from one ``random.Random`` seeded by the
request's seed and page, so the same request always gives the same pixels.
"""

from __future__ import annotations

import random
from dataclasses import replace
from functools import lru_cache

from PIL import Image

from engine.art import landscapes, sky, styles, textures
from engine.art.canvas import Canvas, Ink
from engine.art.cast import draw_character
from engine.art.colors import RGB, darken
from engine.art.figures import Look, Placed
from engine.art.layout import Frame, frame
from engine.art.palette import color
from engine.art.props import draw_prop
from engine.catalog import ArtStyle, Setting, TimeOfDay
from engine.models import CharacterSpec
from engine.providers import PictureRequest

SUPERSAMPLE = 2
GLOW: RGB = (255, 214, 140)


def page_rng(seed: int, page_index: int) -> random.Random:
    """The page's own random stream: never the global RNG, so pictures are reproducible."""
    return random.Random((seed & 0xFFFFFFFF) * 1_000_003 + page_index * 7_919 + 17)


@lru_cache(maxsize=64)
def scene_ink(style_name: ArtStyle, time: TimeOfDay, setting: Setting) -> Ink:
    """The style's ink with the scenery also tinted for the time of day."""
    st = styles.style(style_name)
    light = landscapes.daylight(time, setting)
    base = st.ink.scenery

    @lru_cache(maxsize=2048)
    def scenery(c: RGB) -> RGB:
        return base(light(c))

    return replace(st.ink, scenery=scenery)


def render(request: PictureRequest) -> Image.Image:
    """The finished picture at the requested size, before encoding."""
    scene, w, h = request.scene, request.width, request.height
    st = styles.style(request.style)
    rng = page_rng(request.seed, request.page_index)
    fr = frame(scene, request.cast, w, h, rng, landscapes.horizon_offset(scene.setting))
    ink = scene_ink(request.style, scene.time_of_day, scene.setting)
    ground = tuple(ink.scenery(c) for c in landscapes.ground_colors(scene.setting))
    base = sky.backdrop(w * SUPERSAMPLE, h * SUPERSAMPLE, fr.horizon * SUPERSAMPLE, scene, st, ground)  # type: ignore[arg-type]
    canvas = Canvas(w, h, ink, SUPERSAMPLE, base)
    sky.draw_lights(canvas, scene, st, rng)
    sky.draw_clouds(canvas, scene, fr.horizon, rng)
    lit = st.glow or scene.time_of_day in ("evening", "night")
    landscapes.draw_landscape(canvas, scene.setting, fr.horizon, rng, lit)
    _props(canvas, fr, ("behind", "under"))
    if st.glow:
        _glows(canvas, fr, request.cast)
    placed = _cast(canvas, fr, request.cast, ground[1])
    _props(canvas, fr, ("front",))
    _floating(canvas, fr, placed)
    sky.draw_weather(canvas, scene, rng)
    return styles.finish(canvas.finish(), st)


def _props(canvas: Canvas, fr: Frame, places: tuple[str, ...]) -> None:
    for spot in fr.props:
        if spot.place in places:
            draw_prop(canvas.scenery(), spot.name, spot.x, spot.y, spot.scale)


def _glows(canvas: Canvas, fr: Frame, cast: tuple[CharacterSpec, ...]) -> None:
    """Warm lamplight behind each character in the bedtime style."""
    ss = canvas.ss
    glow = canvas.ink.light(GLOW)
    for slot in fr.slots:
        size = int(slot.scale * 150 * ss)
        cx, cy = slot.x * ss, (slot.y - slot.scale * 45) * ss
        mask = textures.radial().resize((size, size), Image.Resampling.BILINEAR)
        mask = mask.point(lambda v: v * 0.75)
        canvas.image.paste(glow, (int(cx - size / 2), int(cy - size / 2)), mask)


def _cast(
    canvas: Canvas, fr: Frame, cast: tuple[CharacterSpec, ...], ground: RGB
) -> list[tuple[Placed, float]]:
    placed = []
    pen = canvas.scenery()
    shade = darken(ground, 0.18)
    for slot in fr.slots:
        look = Look.of(cast[slot.who])
        wide = 30 if slot.pose != "sleeping" else 50
        pen.as_mode("cast").ellipse(slot.x, slot.y, slot.scale * wide, slot.scale * 4.5, shade, line=False)
        placed.append(
            (
                draw_character(
                    canvas,
                    look,
                    slot.pose,
                    slot.mood,
                    slot.x,
                    slot.y,
                    slot.scale,
                    facing_right=slot.facing_right,
                ),
                slot.x,
            )
        )
    return placed


def _floating(canvas: Canvas, fr: Frame, placed: list[tuple[Placed, float]]) -> None:
    """Kites, balloons and stars, with strings to the nearest raised hand."""
    for spot in fr.props:
        if spot.place not in ("held", "sky"):
            continue
        x, y = spot.x, spot.y
        hand = _nearest_hand(placed, x)
        if spot.place == "held" and hand is not None:
            x, y = hand[0] + spot.scale * 8, hand[1] - spot.scale * 22
        if hand is not None and spot.name in ("balloon", "kite"):
            tail = (x, y - spot.scale * 10) if spot.name == "balloon" else (x, y)
            canvas.scenery().stroke(
                [tail, ((tail[0] + hand[0]) / 2 + 6, (tail[1] + hand[1]) / 2), hand], 1.1, color("string")
            )
        draw_prop(canvas.scenery(), spot.name, x, y, spot.scale)


def _nearest_hand(placed: list[tuple[Placed, float]], x: float) -> tuple[float, float] | None:
    hands = [h for p, _ in placed for h in p.hands]
    if not hands:
        return None
    return min(hands, key=lambda h: abs(h[0] - x))
