"""A contact sheet of a book's pictures in reading order, for a quick look before printing.

>>> preview_grid([png_bytes, None, webp_bytes]).size  # doctest: +SKIP
(836, 292)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFilter

from engine.export import pictures
from engine.export.theme import theme

MIN_TILE = 32


def auto_columns(count: int) -> int:
    """A slightly wide sheet that leaves the fewest gaps in the last row (8 → 4, 12 → 4, 24 → 6)."""
    if count <= 1:
        return 1
    target = math.ceil(math.sqrt(count * 4 / 3))
    candidates = [c for c in (target + 1, target, target - 1) if 1 <= c <= count]
    return min(candidates, key=lambda c: ((-count) % c, abs(c - target)))


def gutter_for(tile: int) -> int:
    return max(4, tile // 14)


def preview_grid(images: Sequence[bytes | None], columns: int | None = None, tile: int = 256) -> Image.Image:
    """One RGB image: a ``tile``-pixel square per picture, rounded and softly shadowed, with gutters.

    Pictures are centre-cropped to squares; ``None`` (not drawn yet) or unreadable bytes show a pastel
    placeholder. No text is drawn, so the sheet reads the same in every language.
    """
    if tile < MIN_TILE:
        raise ValueError(f"tile must be at least {MIN_TILE} pixels")
    cols = columns if columns is not None else auto_columns(len(images))
    if cols < 1:
        raise ValueError("columns must be at least 1")
    rows = max(1, math.ceil(len(images) / cols))
    gap = gutter_for(tile)
    size = (cols * tile + (cols + 1) * gap, rows * tile + (rows + 1) * gap)
    radius = max(3, tile // 14)
    slots = [(gap + (i % cols) * (tile + gap), gap + (i // cols) * (tile + gap)) for i in range(len(images))]
    sheet = _shadows(size, slots, tile, radius)
    mask = Image.new("L", (tile, tile), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, tile - 1, tile - 1), radius, fill=255)
    for data, slot in zip(images, slots, strict=True):
        picture = pictures.decode(data)
        face = (
            pictures.cover(picture, tile, tile) if picture is not None else pictures.placeholder(tile, tile)
        )
        sheet.paste(face, slot, mask)
    return sheet


def _shadows(size: tuple[int, int], slots: list[tuple[int, int]], tile: int, radius: int) -> Image.Image:
    """The sheet background with one soft blurred shadow under every tile (one blur for all)."""
    look = theme()
    sheet = Image.new("RGB", size, look.rgb("sheet"))
    shade = Image.new("L", size, 0)
    draw = ImageDraw.Draw(shade)
    drop = max(1, tile // 96)
    for x, y in slots:
        draw.rounded_rectangle((x, y + drop, x + tile - 1, y + tile - 1 + drop), radius, fill=150)
    shade = shade.filter(ImageFilter.GaussianBlur(max(1, tile // 48)))
    sheet.paste(Image.new("RGB", size, look.rgb("shadow")), mask=shade)
    return sheet
