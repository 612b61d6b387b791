"""A supersampled Pillow canvas and a ``Pen`` that draws smooth shapes through an affine transform.

Pillow does not antialias polygons, so everything is drawn at ``ss`` times the output size and reduced
with a box filter at the end; shapes are polygons so that one transform serves mirroring, leaning and
lying down alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from engine.art.colors import RGB, darken

Point = tuple[float, float]
ColorMap = Callable[[RGB], RGB]


@dataclass(frozen=True)
class Ink:
    """How a style strokes and colours shapes: outline look plus colour maps for scenery and cast."""

    outline_px: float  # at 1024 px output, for a medium-sized figure
    outline: str  # "none", "dark" (a darker shade of the fill) or "ink" (one ink colour)
    ink: RGB
    scenery: ColorMap
    cast: ColorMap
    light: ColorMap  # sun, moon, lamps: styled but not dimmed by the time of day
    sky: ColorMap  # clouds, rain and snow: styled, their own colours already suit the time of day


class Canvas:
    """The supersampled image every layer draws on; ``finish()`` returns the output-size image."""

    def __init__(self, width: int, height: int, ink: Ink, ss: int = 2, base: Image.Image | None = None):
        self.width, self.height, self.ss, self.ink = width, height, ss, ink
        self.image = base if base is not None else Image.new("RGB", (width * ss, height * ss), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.unit = width / 1024  # output pixels per "1024-picture pixel", for sizes of scenery

    def pen(self, x: float, y: float, scale: float, *, flip: bool = False, mode: str = "scenery") -> Pen:
        """A pen whose local (0, 0) is output pixel (x, y) and whose local unit is ``scale`` pixels.

        ``mode`` picks the colour map: "scenery", "cast" (the characters) or "light" (sun, lamps).
        """
        k = scale * self.ss
        a = -k if flip else k
        return Pen(self, (a, 0.0, x * self.ss, 0.0, k, y * self.ss), mode=mode, line_scale=scale)

    def scenery(self) -> Pen:
        """A pen in output pixels for backgrounds."""
        return self.pen(0, 0, 1.0)

    def lights(self) -> Pen:
        """A pen in output pixels for things that shine."""
        return self.pen(0, 0, 1.0, mode="light")

    def skies(self) -> Pen:
        """A pen in output pixels for clouds and weather."""
        return self.pen(0, 0, 1.0, mode="sky")

    def finish(self) -> Image.Image:
        return self.image.reduce(self.ss) if self.ss > 1 else self.image


class Pen:
    """Draws in local units through ``m = (a, b, c, d, e, f)``: X = a·u + b·v + c, Y = d·u + e·v + f."""

    def __init__(self, canvas: Canvas, m: tuple[float, ...], *, mode: str, line_scale: float) -> None:
        self.canvas, self.m, self.mode, self.line_scale = canvas, m, mode, line_scale
        ink = canvas.ink
        self._map = {"cast": ink.cast, "light": ink.light, "sky": ink.sky}.get(mode, ink.scenery)
        self.k = math.sqrt(abs(m[0] * m[4] - m[1] * m[3]))  # canvas px per local unit

    # --- transforms ---------------------------------------------------------------------------
    def moved(self, dx: float, dy: float, *, rot: float = 0.0, scale: float = 1.0, flip: bool = False) -> Pen:
        """A child pen: origin at local (dx, dy), rotated by ``rot`` degrees (clockwise), scaled, mirrored."""
        a, b, c, d, e, f = self.m
        cs, sn = math.cos(math.radians(rot)) * scale, math.sin(math.radians(rot)) * scale
        fx = -1.0 if flip else 1.0
        # local child (u, v) -> parent (fx·u·cs − v·sn + dx, fx·u·sn + v·cs + dy)
        pa, pb, pc, pd = fx * cs, -sn, fx * sn, cs
        m = (
            a * pa + b * pc,
            a * pb + b * pd,
            a * dx + b * dy + c,
            d * pa + e * pc,
            d * pb + e * pd,
            d * dx + e * dy + f,
        )
        return Pen(self.canvas, m, mode=self.mode, line_scale=self.line_scale * scale)

    def as_mode(self, mode: str) -> Pen:
        """The same transform with another colour map."""
        return Pen(self.canvas, self.m, mode=mode, line_scale=self.line_scale)

    def xy(self, u: float, v: float) -> Point:
        a, b, c, d, e, f = self.m
        return (a * u + b * v + c, d * u + e * v + f)

    def to_output(self, u: float, v: float) -> Point:
        x, y = self.xy(u, v)
        return (x / self.canvas.ss, y / self.canvas.ss)

    # --- colours --------------------------------------------------------------------------------
    def color(self, c: RGB) -> RGB:
        return self._map(c)

    def _outline(self, fill: RGB) -> tuple[RGB | None, int]:
        ink = self.canvas.ink
        if ink.outline == "none" or ink.outline_px <= 0:
            return None, 0
        width = (
            ink.outline_px * self.canvas.ss * self.canvas.unit * max(0.55, min(1.7, self.line_scale / 4.3))
        )
        col = ink.ink if ink.outline == "ink" else darken(fill, 0.42)
        return col, max(1, round(width))

    # --- shapes ---------------------------------------------------------------------------------
    def poly(self, pts: Sequence[Point], c: RGB, *, line: bool = True) -> None:
        fill = self.color(c)
        out, w = self._outline(fill) if line else (None, 0)
        xy = [self.xy(u, v) for u, v in pts]
        self.canvas.draw.polygon(xy, fill=fill, outline=out, width=w)

    def ellipse(
        self, cx: float, cy: float, rx: float, ry: float, c: RGB, *, line: bool = True, rot: float = 0
    ) -> None:
        self.poly(ellipse_points(cx, cy, rx, ry, self._segments(max(rx, ry)), rot), c, line=line)

    def circle(self, cx: float, cy: float, r: float, c: RGB, *, line: bool = True) -> None:
        self.ellipse(cx, cy, r, r, c, line=line)

    def blob(self, circles: Sequence[tuple[float, float, float]], c: RGB, *, line: bool = True) -> None:
        """Overlapping circles filled as one shape with one outline: clouds, bushes, curls, canopies."""
        fill = self.color(c)
        out, w = self._outline(fill) if line else (None, 0)
        draw = self.canvas.draw
        for layer, grow in ((out, w), (fill, 0)):
            if layer is None:
                continue
            for cx, cy, r in circles:
                x, y = self.xy(cx, cy)
                rr = r * self.k + grow
                draw.ellipse((x - rr, y - rr, x + rr, y + rr), fill=layer)

    def limb(self, pts: Sequence[Point], width: float, c: RGB, *, line: bool = True) -> None:
        """A thick polyline with round ends and joints (arms, legs, tails, strings)."""
        fill = self.color(c)
        out, w = self._outline(fill) if line else (None, 0)
        xy = [self.xy(u, v) for u, v in pts]
        px = width * self.k
        if out is not None:
            self._round_line(xy, px + 2 * w, out)
        self._round_line(xy, px, fill)

    def stroke(self, pts: Sequence[Point], width: float, c: RGB) -> None:
        """A thin line with no outline: mouths, brows, whiskers, rain."""
        self._round_line([self.xy(u, v) for u, v in pts], max(1.0, width * self.k), self.color(c))

    def _round_line(self, xy: list[Point], px: float, fill: RGB) -> None:
        draw = self.canvas.draw
        w = max(1, round(px))
        if len(xy) > 1:
            draw.line(xy, fill=fill, width=w, joint="curve")
        r = px / 2
        if r >= 1.5:
            for x, y in (xy[0], xy[-1]):
                draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def _segments(self, r: float) -> int:
        return max(10, min(72, int(r * self.k * 0.45)))


def ellipse_points(cx: float, cy: float, rx: float, ry: float, n: int = 36, rot: float = 0.0) -> list[Point]:
    """Points round an ellipse, optionally rotated by ``rot`` degrees about its centre."""
    cs, sn = math.cos(math.radians(rot)), math.sin(math.radians(rot))
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((cx + x * cs - y * sn, cy + x * sn + y * cs))
    return pts


def arc_points(
    cx: float, cy: float, rx: float, ry: float, start: float, end: float, n: int = 12
) -> list[Point]:
    """Points along an elliptical arc from ``start`` to ``end`` degrees (0 = right, 90 = down)."""
    return [
        (
            cx + rx * math.cos(math.radians(start + (end - start) * i / n)),
            cy + ry * math.sin(math.radians(start + (end - start) * i / n)),
        )
        for i in range(n + 1)
    ]
