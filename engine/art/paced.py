"""An illustrator that takes at least a fixed time per picture: benchmarks and crash tests use it to
stand in for a slow online image model while staying offline."""

from __future__ import annotations

import time

from engine.catalog import ArtStyle
from engine.models import CharacterSpec
from engine.providers import Illustrator, Picture, PictureRequest


class PacedIllustrator:
    def __init__(self, inner: Illustrator, seconds_per_picture: float) -> None:
        self._inner = inner
        self._seconds = seconds_per_picture
        self.name = inner.name
        self.model = inner.model

    def draw(self, request: PictureRequest) -> Picture:
        started = time.monotonic()
        picture = self._inner.draw(request)
        time.sleep(max(0.0, self._seconds - (time.monotonic() - started)))
        return picture

    def portrait(self, character: CharacterSpec, style: ArtStyle, seed: int, size: int = 512) -> Picture:
        return self._inner.portrait(character, style, seed, size)
