"""Picture handling shared by the exporters: read any stored format, crop to a frame, draw placeholders.

Stored pictures may be WebP, PNG or JPEG; PDF and EPUB readers only reliably take JPEG and PNG, so every
picture is decoded with Pillow and re-encoded as JPEG (smaller than PNG for painted pictures).
"""

from __future__ import annotations

import io
import logging

from PIL import Image, ImageDraw, UnidentifiedImageError

from engine.export.theme import RGB, hex_rgb, theme

log = logging.getLogger(__name__)

JPEG_QUALITY = 88


def decode(data: bytes | None) -> Image.Image | None:
    """An RGB image from WebP/PNG/JPEG bytes; ``None`` when missing or unreadable, so export goes on."""
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.seek(0)  # an animated WebP prints its first frame
            opened.load()
            return flatten(opened)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("A picture could not be read and prints as a placeholder: %s", exc)
        return None


def as_jpeg(data: bytes | None, quality: int = JPEG_QUALITY) -> bytes | None:
    """JPEG bytes for any stored picture; an RGB or grey JPEG passes through untouched (no quality loss)."""
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as peek:
            if peek.format == "JPEG" and peek.mode in ("RGB", "L"):
                return data
    except (UnidentifiedImageError, OSError, ValueError):
        pass  # decode() below logs it and returns None
    image = decode(data)
    return None if image is None else jpeg(image, quality)


def flatten(image: Image.Image, background: RGB = (255, 255, 255)) -> Image.Image:
    """RGB with any transparency laid on the paper colour (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        base = Image.new("RGB", rgba.size, background)
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return image.convert("RGB")


def crop_to_aspect(image: Image.Image, aspect: float, focus_y: float = 0.5) -> Image.Image:
    """The crop with ``width / height == aspect`` (like CSS ``object-fit: cover``).

    Sides are cropped evenly; ``focus_y`` says how much of any extra height comes off the top (0.75: three
    quarters from the sky, a quarter from the ground, where characters stand).
    """
    w, h = image.size
    if w / h > aspect:
        new_w = max(1, round(h * aspect))
        left = (w - new_w) // 2
        return image.crop((left, 0, left + new_w, h))
    new_h = max(1, round(w / aspect))
    top = round((h - new_h) * min(1.0, max(0.0, focus_y)))
    return image.crop((0, top, w, top + new_h))


def cover(image: Image.Image, width: int, height: int) -> Image.Image:
    """Crop to the frame's shape, then scale to exactly ``width`` × ``height`` pixels."""
    framed = crop_to_aspect(image, width / height)
    return framed.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def round_corners(image: Image.Image, radius: int, background: RGB) -> Image.Image:
    """Rounded corners painted in the paper colour: a friendly frame without needing transparency."""
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, image.width - 1, image.height - 1), radius, fill=255)
    framed = Image.new("RGB", image.size, background)
    framed.paste(image, mask=mask)
    return framed


def placeholder(width: int, height: int) -> Image.Image:
    """A quiet pastel landscape standing in for a picture that is not drawn yet (no text on it)."""
    look = theme()
    scale = 2  # drawn large then shrunk, for soft anti-aliased edges
    canvas = Image.new("RGB", (width * scale, height * scale), look.rgb("placeholder"))
    draw = ImageDraw.Draw(canvas)
    for x0, y0, x1, y1, color in look.placeholder_shapes:
        box = (x0 * width * scale, y0 * height * scale, x1 * width * scale, y1 * height * scale)
        draw.ellipse(box, fill=hex_rgb(color))
    return canvas.resize((width, height), Image.Resampling.LANCZOS)


def jpeg(image: Image.Image, quality: int = JPEG_QUALITY) -> bytes:
    """Baseline JPEG bytes, which every PDF and EPUB reader can show."""
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()
