"""The story pages of a printed book: a big picture on top, friendly text below, a page number.

With bleed the picture runs off the top and sides of the page (a print shop trims it); without bleed
it sits inside a home-printer-safe margin with rounded corners.
"""

from __future__ import annotations

from engine.export import pictures
from engine.export.document import PrintablePage
from engine.export.pdf_sheet import Fitted, Sheet, sizes_between
from engine.export.theme import theme
from engine.export.typefaces import printable

INSET = 0.375 * 72  # picture margin without bleed: inside what home printers can reach
CORNER = 14.0
TEXT_GAP = 16.0  # between the picture and the first line
FOOTER = 40.0  # room kept at the bottom for the page number
BAND_SHARE = 0.30  # the text band's share of the page when a square picture would leave less
MAX_BAND_SHARE = 0.55  # very long text may take this much before it is cut


def picture_frame(sheet: Sheet) -> tuple[float, float, float]:
    """Left, top and width of the picture (in trim coordinates; negative means into the bleed)."""
    if sheet.bleed:
        return -sheet.bleed, -sheet.bleed, sheet.width + 2 * sheet.bleed
    return INSET, INSET, sheet.width - 2 * INSET


def preferred_band(sheet: Sheet) -> float:
    """The text band height that shows a square picture uncropped, if the page is tall enough."""
    _, top, width = picture_frame(sheet)
    return max(sheet.height - (top + width), BAND_SHARE * sheet.height)


def text_width(sheet: Sheet) -> float:
    return sheet.width - 2 * max(40.0, 0.075 * sheet.width)


def layout_text(sheet: Sheet, text: str, band: float) -> tuple[float, Fitted]:
    """Shrink the type a little first; only then let the text band grow (and cut text as a last resort)."""
    sizes = theme().sizes
    width, chrome = text_width(sheet), TEXT_GAP + FOOTER
    fitted = sheet.fit(text, width, band - chrome, sizes_between(sizes["body_max"], sizes["body_min"]))
    if fitted is not None:
        return band, fitted
    room = MAX_BAND_SHARE * sheet.height - chrome
    fitted = sheet.fit_or_cut(text, width, room, sizes_between(sizes["body_min"], sizes["body_floor"]))
    return max(band, fitted.height + chrome), fitted


def story_page(sheet: Sheet, page: PrintablePage, number: int, language: str, band: float) -> None:
    look = theme()
    sheet.new_page()
    text = printable(page.text)
    band, fitted = layout_text(sheet, text, band)
    left, top, width = picture_frame(sheet)
    bottom = sheet.height - band
    image = pictures.decode(page.image)
    if image is None:
        image = pictures.placeholder(round(width * 2), round((bottom - top) * 2))
    radius = 0.0 if sheet.bleed else CORNER
    alt = look.label(language, "picture", n=number)
    sheet.picture(image, left, top, width, bottom - top, alt, radius)
    area_top, area_bottom = bottom + TEXT_GAP, sheet.height - FOOTER
    y = area_top + (area_bottom - area_top - fitted.height) / 2
    margin = (sheet.width - text_width(sheet)) / 2
    sheet.write(fitted, margin, y, text_width(sheet), look.rgb("ink"))
    page_number(sheet, number)


def page_number(sheet: Sheet, number: int) -> None:
    size = theme().sizes["page_number"]
    label = Fitted((str(number),), size, size * 1.2)
    sheet.write(label, 0, sheet.height - FOOTER / 2 - size / 2, sheet.width, theme().rgb("muted"))
