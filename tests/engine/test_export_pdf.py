"""The print-ready PDF: real books rendered and read back with pypdf (and poppler, where installed)."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from engine.export.document import CastEntry, ParentsCornerPage, PrintableBook, PrintablePage
from engine.export.pdf import render_pdf

MM3 = 3 / 25.4 * 72
TRIM = {"square": (612.0, 612.0), "a4": (595.28, 841.89), "letter": (612.0, 792.0)}
PAGE_COLOURS = [(214, 69, 65), (52, 120, 214), (240, 170, 40), (60, 160, 120)]
poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")


def picture(colour: tuple[int, int, int], fmt: str = "WEBP", size: int = 384) -> bytes:
    """A little scene: sky, grass, a sun and a coloured character filling most of the frame."""
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, int(size * 0.85), size, size), fill=(140, 200, 120))
    draw.ellipse((int(size * 0.75), 10, int(size * 0.95), int(size * 0.2)), fill=(255, 214, 90))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def sample_book(**changes: Any) -> PrintableBook:
    pages = (
        PrintablePage("Sal and Biscuit walked into the whispering forest.", picture(PAGE_COLOURS[0], "WEBP")),
        PrintablePage(
            "«¡Mira!» dijo Zoë. Un zorro pequeño saludó a 小明 🐶.", picture(PAGE_COLOURS[1], "PNG")
        ),
        PrintablePage("The stars came out, one by one.", picture(PAGE_COLOURS[2], "JPEG")),
        PrintablePage("Nobody has drawn this page yet.", None),
    )
    book = PrintableBook(
        title="Sal and the Whispering Forest",
        byline="A story for Sal, made with love by Grandma",
        language="en",
        cast=(
            CastEntry("Sal", picture((214, 69, 65), "PNG", 128)),
            CastEntry("Zoë", None),
            CastEntry("小明", picture((52, 120, 214), "JPEG", 128)),
            CastEntry("Señor Müller 🐶", picture((240, 170, 40), "WEBP", 128)),
        ),
        pages=pages,
        parents_corner=ParentsCornerPage(
            questions=("What made the fox feel welcome?", "When did you share something?"),
            note="We read this together at bedtime.",
        ),
    )
    return replace(book, **changes)


@pytest.fixture(scope="module")
def square_pdf() -> bytes:
    return render_pdf(sample_book())


def page_text(pdf: bytes, index: int) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[index].extract_text()


def test_pdf_has_title_page_then_one_page_per_story_page_then_parents_corner(square_pdf: bytes) -> None:
    assert len(PdfReader(io.BytesIO(square_pdf)).pages) == 1 + 4 + 1


def test_pdf_without_parents_corner_ends_with_the_last_story_page() -> None:
    pdf = render_pdf(sample_book(parents_corner=None))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 + 4
    assert "Nobody has drawn this page yet." in reader.pages[-1].extract_text()


@pytest.mark.parametrize("size", ["square", "a4", "letter"])
@pytest.mark.parametrize("bleed", [False, True])
def test_every_page_has_the_print_size_in_points_plus_3mm_bleed_when_asked(size: str, bleed: bool) -> None:
    book = sample_book(pages=sample_book().pages[:1], cast=(), parents_corner=None)
    reader = PdfReader(io.BytesIO(render_pdf(book, size=size, bleed=bleed)))  # type: ignore[arg-type]
    width, height = TRIM[size]
    extra = 2 * MM3 if bleed else 0.0
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width + extra, abs=0.05)
        assert float(page.mediabox.height) == pytest.approx(height + extra, abs=0.05)


def test_title_page_shows_title_byline_and_every_cast_name(square_pdf: bytes) -> None:
    text = page_text(square_pdf, 0)
    assert "Sal and the Whispering" in text and "Forest" in text
    assert "made with love by Grandma" in text
    for name in ("Sal", "Zoë", "小明", "Señor Müller"):
        assert name in text


def test_story_text_is_extractable_on_its_own_page(square_pdf: bytes) -> None:
    assert "Sal and Biscuit walked into the whispering forest." in page_text(square_pdf, 1)
    assert "The stars came out, one by one." in page_text(square_pdf, 3)


def test_accents_chinese_and_emoji_survive_into_the_pdf(square_pdf: bytes) -> None:
    text = page_text(square_pdf, 2)
    for piece in ("«¡Mira!»", "Zoë", "pequeño", "小明", "🐶"):
        assert piece in text


def test_parents_corner_page_has_heading_questions_and_note(square_pdf: bytes) -> None:
    text = page_text(square_pdf, 5)
    assert "Parent's corner" in text
    assert "What made the fox feel welcome?" in text
    assert "We read this together at bedtime." in text


def test_spanish_book_prints_spanish_labels() -> None:
    pdf = render_pdf(sample_book(language="es"))
    assert "Protagonistas" in page_text(pdf, 0)
    assert "El rincón de los padres" in page_text(pdf, 5)


def test_characters_no_font_can_draw_are_dropped_instead_of_crashing() -> None:
    book = sample_book(
        cast=(CastEntry("Flo 🦩\u200d\x07!", None),), pages=(PrintablePage("Hi 🦩 there", None),)
    )
    pdf = render_pdf(book)
    assert "Flo !" in page_text(pdf, 0)
    assert "Hi there" in page_text(pdf, 1)


def test_every_story_page_carries_one_jpeg_picture_even_when_not_drawn_yet(square_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(square_pdf))
    for page in reader.pages[1:5]:
        resources = cast(DictionaryObject, page["/Resources"].get_object())
        xobjects = cast(DictionaryObject, resources["/XObject"].get_object())
        filters = [str(cast(DictionaryObject, xobjects[name].get_object())["/Filter"]) for name in xobjects]
        assert filters == ["/DCTDecode"]


def test_very_long_text_shrinks_and_stays_on_its_page() -> None:
    words = "The little boat bobbed on and on across the wide blue sea, past islands and whales. " * 40
    book = sample_book(pages=(PrintablePage(words, picture(PAGE_COLOURS[0])),), parents_corner=None)
    reader = PdfReader(io.BytesIO(render_pdf(book)))
    assert len(reader.pages) == 2
    heights: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            heights.append(tm[5] * cm[3] + cm[5])

    extracted = reader.pages[1].extract_text(visitor_text=visit)
    assert "whales." in extracted and "…" in extracted
    assert heights and all(0 < y < 612 for y in heights)


def test_a_book_with_a_dozen_pages_stays_small() -> None:
    pages = tuple(
        PrintablePage(f"Page {i} of the story.", picture(PAGE_COLOURS[i % 4], size=1024)) for i in range(12)
    )
    pdf = render_pdf(sample_book(pages=pages))
    assert len(pdf) < 1_500_000


def render_page(pdf: bytes, page: int, tmp_path: Path) -> Image.Image:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "book.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "36", "-f", str(page), "-l", str(page), str(source), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("p*.png")
    return Image.open(png).convert("RGB")


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


@poppler
def test_picture_runs_into_the_bleed_but_sits_inside_margins_without_it(tmp_path: Path) -> None:
    book = sample_book()
    with_bleed = render_page(render_pdf(book, bleed=True), 2, tmp_path / "a")
    without = render_page(render_pdf(book), 2, tmp_path / "b")
    assert close(with_bleed.getpixel((1, 1)), PAGE_COLOURS[0])  # type: ignore[arg-type]
    assert close(without.getpixel((1, 1)), (255, 255, 255))  # type: ignore[arg-type]
    centre_of_picture = (without.width // 2, without.height // 3)
    assert close(without.getpixel(centre_of_picture), PAGE_COLOURS[0])  # type: ignore[arg-type]


@poppler
def test_page_without_a_picture_shows_a_soft_placeholder(tmp_path: Path) -> None:
    page = render_page(render_pdf(sample_book()), 5, tmp_path)
    colour = page.getpixel((page.width // 4, page.height // 4))
    assert isinstance(colour, tuple)
    assert min(colour) > 200 and colour != (255, 255, 255)  # pale, and not blank paper


@poppler
def test_square_page_crops_sky_before_the_feet_of_characters_standing_low(tmp_path: Path) -> None:
    scene = Image.new("RGB", (400, 400), (150, 200, 240))
    ImageDraw.Draw(scene).rectangle((0, 352, 400, 376), fill=(230, 0, 200))  # feet at 88-94 % height
    out = io.BytesIO()
    scene.save(out, "PNG")
    book = sample_book(pages=(PrintablePage("Standing on the ground.", out.getvalue()),), parents_corner=None)
    page = render_page(render_pdf(book), 2, tmp_path)
    column = [page.getpixel((page.width // 2, y)) for y in range(page.height)]
    assert any(close(pixel, (230, 0, 200)) for pixel in column)  # type: ignore[arg-type]
