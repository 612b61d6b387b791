"""The exporters' look and printed words, loaded once from ``theme.toml`` beside this module."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

RGB = tuple[int, int, int]


def hex_rgb(value: str) -> RGB:
    """``hex_rgb("#ff8800") == (255, 136, 0)``."""
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


@dataclass(frozen=True)
class Theme:
    colors: Mapping[str, str]
    accents: tuple[str, ...]
    sizes: Mapping[str, float]
    placeholder_shapes: tuple[tuple[float, float, float, float, str], ...]
    labels: Mapping[str, Mapping[str, str]]
    bubbles: tuple[tuple[float, float, float], ...]
    bubble_opacity: float
    crop_focus_y: float

    def rgb(self, name: str) -> RGB:
        return hex_rgb(self.colors[name])

    def accent(self, index: int) -> RGB:
        return hex_rgb(self.accents[index % len(self.accents)])

    def label(self, language: str, key: str, **values: object) -> str:
        """A printed word in the book's language, English when the language has no labels yet."""
        words = self.labels.get(language) or self.labels["en"]
        return words.get(key, self.labels["en"][key]).format(**values)


def _shape(raw: list[Any]) -> tuple[float, float, float, float, str]:
    x0, y0, x1, y1, color = raw
    return float(x0), float(y0), float(x1), float(y1), str(color)


@lru_cache(maxsize=1)
def theme() -> Theme:
    """The one theme; cached because every page of every export reads it."""
    raw = tomllib.loads(Path(__file__).with_name("theme.toml").read_text(encoding="utf-8"))
    return Theme(
        colors=dict(raw["colors"]),
        accents=tuple(raw["accents"]["cycle"]),
        sizes={k: float(v) for k, v in raw["type"].items()},
        placeholder_shapes=tuple(_shape(s) for s in raw["placeholder"]["shapes"]),
        labels={lang: dict(words) for lang, words in raw["labels"].items()},
        bubbles=tuple((float(x), float(y), float(d)) for x, y, d in raw["title_page"]["bubbles"]),
        bubble_opacity=float(raw["title_page"]["bubble_opacity"]),
        crop_focus_y=float(raw["pictures"]["crop_focus_y"]),
    )
