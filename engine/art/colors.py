"""Colour arithmetic for the offline illustrator: hex parsing, mixing, lightening and darkening."""

from __future__ import annotations

RGB = tuple[int, int, int]


def rgb(value: str) -> RGB:
    """``rgb("#ff8800") == (255, 136, 0)``; the engine validates colours, so this only parses."""
    text = value.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """The colour ``t`` of the way from ``a`` to ``b``: ``mix(black, white, 0.5)`` is mid grey."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def lighten(c: RGB, t: float) -> RGB:
    return mix(c, (255, 255, 255), t)


def darken(c: RGB, t: float) -> RGB:
    return mix(c, (0, 0, 0), t)


def luma(c: RGB) -> float:
    """Perceived brightness 0..255, used to pick readable outlines and highlights."""
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def saturate(c: RGB, t: float) -> RGB:
    """Push a colour away from (t > 0) or towards (t < 0) its own grey."""
    g = luma(c)
    return (
        max(0, min(255, round(g + (c[0] - g) * (1 + t)))),
        max(0, min(255, round(g + (c[1] - g) * (1 + t)))),
        max(0, min(255, round(g + (c[2] - g) * (1 + t)))),
    )
