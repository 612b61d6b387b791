"""The picture-grid preview: a contact sheet of the page pictures in reading order."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from engine.export.grid import auto_columns, gutter_for, preview_grid

COLOURS = [(214, 69, 65), (52, 120, 214), (240, 170, 40), (60, 160, 120), (150, 80, 190), (30, 30, 30)]


def picture(colour: tuple[int, int, int], fmt: str = "WEBP") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 300), colour).save(out, fmt)
    return out.getvalue()


def tile_centre(sheet: Image.Image, index: int, columns: int, tile: int) -> tuple[int, int, int]:
    gap = gutter_for(tile)
    x = gap + (index % columns) * (tile + gap) + tile // 2
    y = gap + (index // columns) * (tile + gap) + tile // 2
    pixel = sheet.getpixel((x, y))
    assert isinstance(pixel, tuple)
    return pixel[0], pixel[1], pixel[2]


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_eight_pages_make_two_rows_of_four_tiles_with_gutters() -> None:
    sheet = preview_grid([picture(COLOURS[i % 6]) for i in range(8)])
    gap = gutter_for(256)
    assert sheet.mode == "RGB"
    assert sheet.size == (4 * 256 + 5 * gap, 2 * 256 + 3 * gap)


def test_tiles_show_the_pictures_in_reading_order() -> None:
    formats = ["WEBP", "PNG", "JPEG", "WEBP", "PNG", "JPEG"]
    sheet = preview_grid([picture(c, f) for c, f in zip(COLOURS, formats, strict=True)], columns=3, tile=64)
    for index, colour in enumerate(COLOURS):
        assert close(tile_centre(sheet, index, 3, 64), colour)


def test_a_picture_not_drawn_yet_shows_a_soft_placeholder_tile() -> None:
    sheet = preview_grid([picture(COLOURS[0]), None, b"not a picture"], columns=3, tile=64)
    placeholder = tile_centre(sheet, 1, 3, 64)
    assert min(placeholder) > 200 and placeholder != (255, 255, 255)
    assert tile_centre(sheet, 2, 3, 64) == placeholder
    assert close(tile_centre(sheet, 0, 3, 64), COLOURS[0])


def test_chosen_columns_and_tile_size_set_the_sheet_size() -> None:
    sheet = preview_grid([None] * 5, columns=2, tile=100)
    gap = gutter_for(100)
    assert sheet.size == (2 * 100 + 3 * gap, 3 * 100 + 4 * gap)


@pytest.mark.parametrize(("pages", "columns"), [(1, 1), (4, 4), (6, 3), (8, 4), (12, 4), (16, 4), (24, 6)])
def test_default_columns_leave_few_gaps(pages: int, columns: int) -> None:
    assert auto_columns(pages) == columns


def test_non_square_pictures_are_cropped_to_fill_their_tile() -> None:
    wide = io.BytesIO()
    Image.new("RGB", (400, 100), COLOURS[1]).save(wide, "PNG")
    sheet = preview_grid([wide.getvalue()], tile=64)
    gap = gutter_for(64)
    assert close(sheet.getpixel((gap + 32, gap + 4)), COLOURS[1])  # type: ignore[arg-type]


def test_an_empty_book_gives_one_empty_tile_space() -> None:
    assert preview_grid([], tile=64).size == (64 + 2 * gutter_for(64), 64 + 2 * gutter_for(64))


def test_tiny_tiles_and_zero_columns_are_refused() -> None:
    with pytest.raises(ValueError):
        preview_grid([None], tile=8)
    with pytest.raises(ValueError):
        preview_grid([None], columns=0)
