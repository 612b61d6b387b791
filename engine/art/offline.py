"""The offline illustrator: charming, consistent pictures drawn in code with Pillow, no network needed.

It draws each scene from the story writer's structured ``Scene`` and the cast's ``CharacterSpec``s
alone, so a character looks the same on every page. Pictures are JPEG; ``engine.art.encode`` says why.

>>> from engine.models import CharacterSpec, Scene, SceneCharacter
>>> from engine.providers import PictureRequest
>>> pic = OfflineIllustrator().draw(PictureRequest(
...     scene=Scene(setting="forest", characters=(SceneCharacter(who=0),)),
...     cast=(CharacterSpec(name="Sal", kind="girl"),), style="watercolor", seed=1))
>>> (pic.format, pic.width, pic.data[:2])
('jpeg', 1024, b'\\xff\\xd8')
"""

from __future__ import annotations

import logging

from engine.art.compose import render
from engine.art.encode import FORMAT, encode
from engine.art.portrait import render_portrait
from engine.catalog import ArtStyle
from engine.errors import ValidationError
from engine.models import CharacterSpec
from engine.providers import Picture, PictureRequest, Usage

log = logging.getLogger(__name__)
MIN_SIZE, MAX_SIZE = 64, 4096


class OfflineIllustrator:
    """Draws every page and portrait locally, deterministically, at no cost."""

    name = "offline"
    model = "memory-maker-painter-1"

    def draw(self, request: PictureRequest) -> Picture:
        """One page picture; the same request always gives the same bytes."""
        _check_size(request.width, request.height)
        image = render(request)
        scene = request.scene
        prompt = f"{scene.setting}, {scene.time_of_day}, {scene.weather}, {scene.camera}, {request.style}"
        log.debug("drew page %d: %s", request.page_index, prompt)
        return self._picture(encode(image), request.width, request.height, prompt, request.seed, "image")

    def portrait(self, character: CharacterSpec, style: ArtStyle, seed: int, size: int = 512) -> Picture:
        """A character card: the character large on a soft background."""
        _check_size(size, size)
        image = render_portrait(character, style, seed, size)
        return self._picture(
            encode(image), size, size, f"portrait of a {character.kind}, {style}", seed, "image"
        )

    def _picture(self, data: bytes, width: int, height: int, prompt: str, seed: int, what: str) -> Picture:
        usage = Usage(what=what, provider=self.name, model=self.model, units=1, cost_usd=0.0)
        return Picture(
            data=data,
            format=FORMAT,
            width=width,
            height=height,
            provider=self.name,
            model=self.model,
            prompt=prompt,
            seed=seed,
            usage=(usage,),
        )


def _check_size(width: int, height: int) -> None:
    if not (MIN_SIZE <= width <= MAX_SIZE and MIN_SIZE <= height <= MAX_SIZE):
        raise ValidationError(f"Pictures can be from {MIN_SIZE} to {MAX_SIZE} pixels wide and high.")
