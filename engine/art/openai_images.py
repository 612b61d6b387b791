"""The OpenAI illustrator: gpt-image pictures with characters kept consistent from page to page.

Consistency comes from three things used together: a character sheet repeated verbatim in every
prompt, a book-wide style line, and each character's portrait attached as a reference image to
``images.edit`` (``images.generate`` when there are no portraits or the server has no edits).
``draw`` keeps no per-call state, so several pages can be drawn at once from different threads.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import logging
from typing import Literal

import openai
from openai import Omit
from openai.types import ImagesResponse
from PIL import Image, UnidentifiedImageError

from engine.art.openai_prompts import in_scene, page_prompt, portrait_prompt
from engine.catalog import ArtStyle
from engine.config import Settings
from engine.errors import ProviderError
from engine.models import CharacterSpec
from engine.openai_client import REFUSAL_CODES, call_openai, fingerprint, price
from engine.providers import Picture, PictureRequest, ResponseCache, Usage

log = logging.getLogger(__name__)
SERVICE = "picture service"
WEBP_QUALITY = 90
_NO_EDITS = (openai.NotFoundError, openai.UnprocessableEntityError, openai.BadRequestError)


def api_size(width: int, height: int) -> str:
    """The gpt-image size closest in shape to the page: square, landscape or portrait."""
    if width > height * 1.2:
        return "1536x1024"
    if height > width * 1.2:
        return "1024x1536"
    return "1024x1024"


class OpenAIIllustrator:
    """``OpenAIIllustrator(build_client(settings), settings, cache).draw(request)``."""

    name = "openai"
    uses_references = True  # the book maker draws a portrait per character first and passes them in

    def __init__(self, client: openai.OpenAI, settings: Settings, cache: ResponseCache | None = None) -> None:
        self._client = client
        self._settings = settings
        self._cache = cache
        self.model = settings.openai_image_model
        self._edits_supported = True  # turned off once if the server has no image edits

    def portrait(self, character: CharacterSpec, style: ArtStyle, seed: int, size: int = 512) -> Picture:
        prompt = portrait_prompt(character, style)
        return self._picture("portrait", prompt, "1024x1024", (), seed, (size, size))

    def draw(self, request: PictureRequest) -> Picture:
        present = in_scene(request.scene, request.cast)
        refs = tuple(
            who for who in present if who < len(request.references) and request.references[who] is not None
        )
        prompt = page_prompt(request.scene, request.cast, request.style, refs)
        images = tuple(request.references[who] or b"" for who in refs)
        size = api_size(request.width, request.height)
        return self._picture("image", prompt, size, images, request.seed, (request.width, request.height))

    def _picture(
        self, what: str, prompt: str, size: str, refs: tuple[bytes, ...], seed: int, target: tuple[int, int]
    ) -> Picture:
        params = {"size": size, "quality": self._settings.image_quality}
        key = fingerprint(
            "image",
            {
                "model": self.model,
                "prompt": prompt,
                "params": params,
                "seed": seed,
                "references": [hashlib.sha256(r).hexdigest() for r in refs],
            },
        )
        cached = self._cache.get(key) if self._cache is not None else None
        if cached is not None:
            usage = Usage(what=what, provider=self.name, model=self.model, units=0.0, cost_usd=0.0)
            return self._wrap(cached, prompt, seed, usage)
        response = call_openai(SERVICE, lambda: self._request(prompt, size, refs))
        data = to_webp(_first_image(response), target)
        if self._cache is not None:
            self._cache.put(key, data)
        cost = price(self._settings, self.model, "image", 1)
        usage = Usage(what=what, provider=self.name, model=self.model, units=1.0, cost_usd=cost)
        return self._wrap(data, prompt, seed, usage)

    def _request(self, prompt: str, size: str, refs: tuple[bytes, ...]) -> ImagesResponse:
        if refs and self._edits_supported:
            try:
                return self._client.images.edit(
                    model=self.model,
                    prompt=prompt,
                    image=[(f"portrait-{i}.webp", data, "image/webp") for i, data in enumerate(refs)],
                    size=size,
                    quality=self._settings.image_quality,
                    n=1,
                )
            except _NO_EDITS as err:
                if err.code in REFUSAL_CODES:
                    raise
                log.warning("image edits unavailable (%s); drawing without reference images", err)
                self._edits_supported = False
        # GPT image models always answer in base64 and reject response_format; older ones need it.
        b64: Literal["b64_json"] | Omit = openai.omit if self.model.startswith("gpt-image") else "b64_json"
        return self._client.images.generate(
            model=self.model,
            prompt=prompt,
            size=size,
            quality=self._settings.image_quality,
            n=1,
            response_format=b64,
        )

    def _wrap(self, data: bytes, prompt: str, seed: int, usage: Usage) -> Picture:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
        return Picture(
            data=data,
            format="webp",
            width=width,
            height=height,
            provider=self.name,
            model=self.model,
            prompt=prompt,
            seed=seed,
            usage=(usage,),
        )


def _first_image(response: ImagesResponse) -> bytes:
    b64 = response.data[0].b64_json if response.data else None
    if not b64:
        raise ProviderError(f"The {SERVICE} answered without a picture. Please try again.")
    try:
        return base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError) as err:
        raise ProviderError(f"The {SERVICE} sent a picture we couldn't read. Please try again.") from err


def to_webp(data: bytes, target: tuple[int, int]) -> bytes:
    """Re-encode as WebP (quality 90); shrink to ``target`` when the shape matches and it is smaller."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = opened.convert("RGB")
    except (UnidentifiedImageError, OSError) as err:
        raise ProviderError(f"The {SERVICE} sent a picture we couldn't read. Please try again.") from err
    width, height = image.size
    same_shape = abs(target[0] / max(1, target[1]) - width / height) < 0.01
    if same_shape and target[0] < width:
        image = image.resize(target, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()
