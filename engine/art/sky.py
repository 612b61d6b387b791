"""The sky: a gradient by time of day and weather, sun or moon, stars, clouds, and rain, snow or wind."""

from __future__ import annotations

import json
import math
import random
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from engine.art import textures
from engine.art.canvas import Canvas, Pen
from engine.art.colors import RGB, darken, lighten, mix
from engine.art.styles import Style
from engine.models import Scene

_DATA = Path(__file__).parent / "data" / "skies.json"


@lru_cache(maxsize=1)
def _skies() -> dict[str, Any]:
    return dict(json.loads(_DATA.read_text(encoding="utf-8")))


def sky_colors(scene: Scene) -> tuple[RGB, RGB]:
    """Top and horizon colours for the scene's setting, time of day and weather."""
    d = _skies()
    if scene.setting == "space":
        return tuple(d["space"]["top"]), tuple(d["space"]["bottom"])
    if scene.setting == "under-the-sea":
        top, bottom = tuple(d["water"]["top"]), tuple(d["water"]["bottom"])
        if scene.time_of_day in ("evening", "night"):
            return darken(top, 0.45), darken(bottom, 0.45)
        return top, bottom
    t = d["times"][scene.time_of_day]
    grey = d["weather"][scene.weather]["grey"] * (0.5 if scene.time_of_day == "night" else 1.0)
    g: RGB = tuple(d["grey"])
    return mix(tuple(t["top"]), g, grey), mix(tuple(t["bottom"]), g, grey)


def backdrop(w: int, h: int, horizon: float, scene: Scene, st: Style, ground: tuple[RGB, RGB]) -> Image.Image:
    """Sky and ground gradients at canvas size, split at ``horizon`` (canvas pixels).

    The flat style bands the sky; the comic style screens it with halftone dots.
    """
    top, bottom = (st.ink.scenery(c) for c in sky_colors(scene))
    rows = np.arange(h, dtype=np.float32)
    span = max(1.0, horizon) if scene.setting != "under-the-sea" else float(h)
    t = np.clip(rows / span, 0, 1)
    if st.sky == "bands":
        t = np.floor(t * 6) / 5
    col = _lerp(top, bottom, t)
    far, near = ground
    g = np.clip((rows - horizon) / max(1.0, h - horizon), 0, 1)
    below = rows >= horizon
    col[below] = _lerp(far, near, g)[below]
    img = Image.fromarray(col.astype(np.uint8)[:, None, :]).resize((w, h), Image.Resampling.NEAREST)
    if st.sky == "dots":
        dots = textures.halftone(w, h, max(8, w // 64)).crop((0, 0, w, max(1, int(horizon))))
        img.paste(darken(top, 0.3), (0, 0), dots)
    return img


def _lerp(a: RGB, b: RGB, t: np.ndarray) -> np.ndarray:
    lo, hi = np.array(a, np.float32), np.array(b, np.float32)
    return np.asarray(lo + (hi - lo) * t[:, None], dtype=np.float32)


def draw_lights(canvas: Canvas, scene: Scene, st: Style, rng: random.Random) -> None:
    """Sun or moon, and stars at night, in bedtime style and in space."""
    pen = canvas.lights()
    w, h = canvas.width, canvas.height
    d = _skies()
    t = d["times"][scene.time_of_day]
    night = scene.time_of_day == "night" or scene.setting == "space" or st.glow
    if scene.setting == "under-the-sea":
        _light_rays(pen, w, h, rng)
        return
    if night:
        _stars(pen, w, h, rng, 46 if scene.setting == "space" else 30)
    if d["weather"][scene.weather]["hide_light"] or scene.setting == "space":
        return
    x, y = t["at"][0] * w, t["at"][1] * h
    if rng.random() < 0.5:
        x = w - x
    r = 0.045 * w
    if t["light"] == "moon" or st.glow:
        _moon(pen, x, y, r)
    else:
        _sun(pen, x, y, r, tuple(t["glow"]))


def _sun(pen: Pen, x: float, y: float, r: float, c: RGB) -> None:
    pen.circle(x, y, r * 1.55, lighten(c, 0.55), line=False)
    pen.circle(x, y, r * 1.25, lighten(c, 0.3), line=False)
    for i in range(10):
        a = math.radians(i * 36 + 8)
        pen.limb(
            [
                (x + math.cos(a) * r * 1.35, y + math.sin(a) * r * 1.35),
                (x + math.cos(a) * r * 1.7, y + math.sin(a) * r * 1.7),
            ],
            r * 0.16,
            c,
            line=False,
        )
    pen.circle(x, y, r, c)


def _moon(pen: Pen, x: float, y: float, r: float) -> None:
    pen.circle(x, y, r * 1.6, (92, 104, 160), line=False)
    pen.circle(x, y, r * 1.3, (130, 140, 184), line=False)
    pen.circle(x, y, r, (250, 242, 200))
    pen.circle(x - r * 0.3, y + r * 0.25, r * 0.18, (232, 222, 178), line=False)
    pen.circle(x + r * 0.35, y - r * 0.2, r * 0.12, (232, 222, 178), line=False)


def star_points(
    x: float, y: float, r: float, points: int = 5, inner: float = 0.45
) -> list[tuple[float, float]]:
    """A friendly star: ``points`` tips of radius ``r`` around (x, y)."""
    out = []
    for i in range(points * 2):
        rr = r if i % 2 == 0 else r * inner
        a = math.radians(-90 + i * 180 / points)
        out.append((x + math.cos(a) * rr, y + math.sin(a) * rr))
    return out


def _stars(pen: Pen, w: float, h: float, rng: random.Random, n: int) -> None:
    for _ in range(n):
        x, y = rng.random() * w, rng.random() * h * 0.5
        r = (2 + rng.random() * 5) * w / 1024
        if rng.random() < 0.35:
            pen.poly(star_points(x, y, r * 1.8), (255, 240, 170), line=False)
        else:
            pen.circle(x, y, r * 0.6, (255, 250, 220), line=False)


def _light_rays(pen: Pen, w: float, h: float, rng: random.Random) -> None:
    for _ in range(5):
        x = rng.random() * w
        dx = w * (0.08 + rng.random() * 0.06)
        pen.poly(
            [(x, 0), (x + dx * 0.4, 0), (x + dx * 1.2, h * 0.5), (x + dx * 0.5, h * 0.5)],
            (108, 202, 232),
            line=False,
        )


def cloud(pen: Pen, x: float, y: float, size: float, c: RGB) -> None:
    """A puffy cloud of overlapping circles with one shared outline."""
    puffs = [(-0.9, 0.15, 0.45), (-0.4, -0.2, 0.6), (0.25, -0.3, 0.7), (0.85, 0.05, 0.5), (0.0, 0.2, 0.55)]
    pen.blob([(x + dx * size, y + dy * size, r * size) for dx, dy, r in puffs], c)


def draw_clouds(canvas: Canvas, scene: Scene, horizon: float, rng: random.Random) -> None:
    if scene.setting in ("space", "under-the-sea"):
        return
    d = _skies()
    lo, hi = d["weather"][scene.weather]["clouds"]
    col: RGB = tuple(d["rain_cloud" if scene.weather in ("rain", "snow") else "cloud"])
    if scene.time_of_day == "night":
        col = mix(col, (90, 100, 150), 0.55)
    elif scene.time_of_day == "evening":
        col = mix(col, (255, 190, 170), 0.3)
    pen = canvas.skies()
    w = canvas.width
    for _ in range(rng.randint(lo, hi)):
        size = w * (0.04 + rng.random() * 0.04)
        cloud(pen, rng.random() * w, horizon * (0.12 + rng.random() * 0.55), size, col)


def draw_weather(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    """Rain, snow or wind drawn over everything, so the whole picture feels wet, snowy or breezy."""
    if scene.setting in ("space", "under-the-sea"):
        return
    pen = canvas.skies()
    w, h = canvas.width, canvas.height
    u = w / 1024
    if scene.weather == "rain":
        for _ in range(140):
            x, y = rng.random() * w, rng.random() * h
            pen.stroke([(x, y), (x - 8 * u, y + 26 * u)], 2.4 * u, (196, 214, 240))
    elif scene.weather == "snow":
        for _ in range(120):
            x, y, r = rng.random() * w, rng.random() * h, (2.5 + rng.random() * 5) * u
            pen.circle(x, y, r, (255, 255, 255), line=False)
    elif scene.weather == "windy":
        for _ in range(5):
            x, y = rng.random() * w * 0.8, rng.random() * h * 0.55
            pts = [(x + i * 22 * u, y + math.sin(i * 0.7) * 10 * u) for i in range(9)]
            pen.stroke(pts, 3.5 * u, (255, 255, 255))
        for _ in range(9):
            x, y = rng.random() * w, rng.random() * h * 0.7
            pen.ellipse(x, y, 9 * u, 4.5 * u, (120, 178, 76), rot=rng.random() * 180)
