"""Paper, crayon grain, vignette, halftone and glow textures, made once per size from fixed seeds.

They are cached, so after the first picture of a size the style passes cost a few milliseconds; the
fixed seeds keep every picture byte-for-byte reproducible.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageFilter

_PAPER_SEED, _GRAIN_SEED = 20240511, 7


def _noise(w: int, h: int, cell: int, seed: int) -> np.ndarray:
    """Smooth value noise in 0..1: random cells upscaled with bicubic filtering."""
    rng = np.random.default_rng(seed)
    small = rng.random((max(2, h // cell), max(2, w // cell))).astype(np.float32)
    img = Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.Resampling.BICUBIC)
    return np.asarray(img, dtype=np.float32) / 255.0


@lru_cache(maxsize=8)
def paper(w: int, h: int) -> Image.Image:
    """Watercolour paper: fine fibres and soft pigment blotches, a multiplier in about 0.9..1.0."""
    fibres = _noise(w, h, 2, _PAPER_SEED)
    blotch = _noise(w, h, max(8, w // 10), _PAPER_SEED + 1)
    mult = 1.0 - 0.03 * fibres - 0.04 * blotch
    arr = np.clip(mult * 255, 0, 255).astype(np.uint8)
    warm = np.stack([arr, arr, np.clip(arr.astype(np.int16) - 4, 0, 255).astype(np.uint8)], axis=-1)
    return Image.fromarray(warm, "RGB")


@lru_cache(maxsize=8)
def grain(w: int, h: int) -> Image.Image:
    """Crayon grain: a mask of short diagonal streaks where the paper shows through the wax."""
    rng = np.random.default_rng(_GRAIN_SEED)
    # Strokes are made at half size and enlarged: coarse enough to read as wax, and JPEG stays small.
    hw, hh = max(8, w // 2), max(8, h // 2)
    speck = Image.fromarray(((rng.random((hh + 8, hw + 8)) > 0.66) * 255).astype(np.uint8))
    diagonal = ImageFilter.Kernel((5, 5), [1 if i % 6 == 0 else 0 for i in range(25)][::-1], scale=5)
    streaks = speck.filter(diagonal).filter(ImageFilter.SMOOTH).crop((4, 4, hw + 4, hh + 4))
    streaks = streaks.resize((w, h), Image.Resampling.BILINEAR)
    arr = np.asarray(streaks, dtype=np.float32)
    tooth = _noise(w, h, 6, _GRAIN_SEED + 1)
    mask = np.clip((arr - 70) * 1.1 * (0.4 + tooth), 0, 140).astype(np.uint8)
    return Image.fromarray(mask, "L")


@lru_cache(maxsize=8)
def vignette(w: int, h: int) -> Image.Image:
    """A soft darkening towards the corners, for the bedtime style's lamplit feel."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    d = np.sqrt(((x - w / 2) / (w / 2)) ** 2 + ((y - h / 2) / (h / 2)) ** 2)
    mult = 1.0 - 0.32 * np.clip(d - 0.55, 0, 1) ** 1.4
    arr = (mult * 255).astype(np.uint8)
    return Image.merge("RGB", [Image.fromarray(arr)] * 3)


@lru_cache(maxsize=4)
def radial(size: int = 256) -> Image.Image:
    """A round glow mask, bright in the middle and fading to nothing at the edge."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    d = np.sqrt((x - size / 2) ** 2 + (y - size / 2) ** 2) / (size / 2)
    return Image.fromarray((np.clip(1 - d, 0, 1) ** 1.8 * 255).astype(np.uint8), "L")


@lru_cache(maxsize=8)
def halftone(w: int, h: int, pitch: int) -> Image.Image:
    """A comic-book dot screen: dark dots on a clear ground, as an L mask to paste ink through."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    yy = (y % pitch) - pitch / 2
    xx = ((x + (y // pitch % 2) * pitch / 2) % pitch) - pitch / 2
    r = np.sqrt(xx**2 + yy**2)
    return Image.fromarray(np.where(r < pitch * 0.22, 60, 0).astype(np.uint8), "L")
