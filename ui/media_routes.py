"""Owner-only file routes: pictures, PDFs, EPUB e-books, read-aloud audio and the family's data archive.

The session cookie travels with every ``<img>``, ``<audio>`` and download request, so these URLs carry no
secret: the same URL answers 404 to anyone but the family that owns the file (a missing file and another
family's file look the same).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from PIL import Image

from engine import MemoryMakerError, Studio, User
from ui.common import maybe_signed_in

log = logging.getLogger(__name__)
MEDIA_TYPES = {"webp": "image/webp", "png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg"}
AUDIO_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav", "ogg": "audio/ogg"}
PRIVATE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",  # other sites may not even embed a family's files
}


def not_found() -> Response:
    return JSONResponse({"error": "We couldn't find that."}, status_code=404, headers=PRIVATE)


def attachment(filename: str, ext: str) -> str:
    """A Content-Disposition that keeps the title readable in any script and safe in any browser."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9 _.-]+", "", ascii_name).strip() or "memory-maker"
    full = f"{filename}.{ext}"
    return f"attachment; filename=\"{ascii_name[:80]}.{ext}\"; filename*=UTF-8''{quote(full)}"


def download(data: bytes, media_type: str, disposition: str) -> Response:
    headers = {**PRIVATE, "Cache-Control": "private, no-store", "Content-Disposition": disposition}
    return Response(data, media_type=media_type, headers=headers)


def drawing_placeholder() -> bytes:
    """The soft tile shown where a page's picture is still being drawn (no family data in it)."""
    image = Image.new("RGB", (256, 256), "#fde7d3")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def media_router(studio: Studio) -> APIRouter:
    """``app.include_router(media_router(studio))`` adds ``GET /media/...``."""
    router = APIRouter(prefix="/media")
    placeholder = drawing_placeholder()

    def owner(request: Request) -> User | None:
        return maybe_signed_in(studio, request)

    @router.get("/drawing.png")
    def drawing() -> Response:
        return Response(placeholder, media_type="image/png", headers={"Cache-Control": "max-age=86400"})

    @router.get("/images/{image_id}.webp")
    def image(image_id: int, request: Request) -> Response:
        user = owner(request)
        if user is None:
            return not_found()
        try:
            data, fmt = studio.books.image(user, image_id)
        except MemoryMakerError:
            return not_found()
        headers = {**PRIVATE, "Cache-Control": "private, max-age=86400"}
        return Response(data, media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"), headers=headers)

    @router.get("/books/{book_id}.pdf")
    def pdf(
        book_id: int,
        request: Request,
        size: Literal["square", "a4", "letter"] = "square",
        bleed: bool = False,
    ) -> Response:
        user = owner(request)
        if user is None:
            return not_found()
        try:
            title = studio.books.get(user, book_id).title
            data = studio.books.export_pdf(user, book_id, size=size, bleed=bleed)
        except MemoryMakerError:
            return not_found()
        return download(data, "application/pdf", attachment(title, "pdf"))

    @router.get("/books/{book_id}.epub")
    def epub(book_id: int, request: Request) -> Response:
        user = owner(request)
        if user is None:
            return not_found()
        try:
            title = studio.books.get(user, book_id).title
            data = studio.books.export_epub(user, book_id)
        except MemoryMakerError:
            return not_found()
        return download(data, "application/epub+zip", attachment(title, "epub"))

    @router.get("/books/{book_id}/pages/{index}/read-aloud")
    def read_aloud(book_id: int, index: int, request: Request) -> Response:
        user = owner(request)
        if user is None:
            return not_found()
        try:
            audio, fmt = studio.books.read_aloud(user, book_id, index)
        except MemoryMakerError:
            return not_found()
        headers = {**PRIVATE, "Cache-Control": "private, no-store"}
        return Response(audio, media_type=AUDIO_TYPES.get(fmt, "audio/wav"), headers=headers)

    @router.get("/my-data.zip")
    def my_data(request: Request) -> Response:
        user = owner(request)
        if user is None:
            return not_found()
        data = studio.accounts.export_data(user)
        return download(data, "application/zip", 'attachment; filename="memory-maker-my-data.zip"')

    return router
