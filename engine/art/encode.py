"""Encodes finished pictures as JPEG.

Why JPEG (quality 90, no chroma subsampling): it encodes a 1024×1024 picture in about 5 ms, against
25–65 ms for WebP and 25–500 ms for PNG (paper and crayon textures make PNG slow and 1–2 MB; see
``bench/illustrator.py``), and keeps every page between ~110 and ~330 KB, under the 400 KB budget.
fpdf2 embeds JPEG as-is (DCTDecode), so PDF export neither re-encodes nor bloats. Pictures are
opaque, so no alpha is lost; 4:4:4 keeps thin outlines and small outfit details true to colour.
libjpeg-turbo is deterministic for fixed settings, so the same request gives the same bytes.
"""

from __future__ import annotations

import io

from PIL import Image

FORMAT = "jpeg"
QUALITY = 90


def encode(img: Image.Image) -> bytes:
    """JPEG bytes for ``img``: ``encode(Image.new("RGB", (8, 8)))[:2] == b"\\xff\\xd8"``."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=QUALITY, subsampling=0, optimize=False)
    return buf.getvalue()


def encode_png(img: Image.Image) -> bytes:
    """PNG bytes, for comparison in the benchmark and for lossless exports."""
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
