"""Print-ready PDF of a picture book: title page, one page per story page, optional parent's corner.

>>> pdf_bytes = render_pdf(book, size="a4", bleed=True)  # doctest: +SKIP
"""

from __future__ import annotations

import logging

from engine.export.document import PrintableBook
from engine.export.pdf_front import parents_corner_page, title_page
from engine.export.pdf_pages import preferred_band, story_page
from engine.export.pdf_sheet import PageSize, Sheet
from engine.export.typefaces import printable

__all__ = ["PageSize", "render_pdf"]

log = logging.getLogger(__name__)


def render_pdf(book: PrintableBook, size: PageSize = "square", bleed: bool = False) -> bytes:
    """The whole book as PDF bytes.

    ``size`` is the trim size: "square" (8.5 × 8.5 in), "a4" or "letter". ``bleed`` adds 3 mm on every
    side for a print shop, with pictures running into it.
    """
    sheet = Sheet(size, bleed, _all_text(book))
    pdf = sheet.pdf
    pdf.set_title(printable(book.title))
    pdf.set_author(printable(book.byline))
    pdf.set_lang(book.language)
    pdf.set_creator("Memory Maker")
    title_page(sheet, book)
    band = preferred_band(sheet)
    for number, page in enumerate(book.pages, start=1):
        story_page(sheet, page, number, book.language, band)
    if book.parents_corner is not None:
        parents_corner_page(sheet, book.parents_corner, book.language)
    data = sheet.output()
    log.info("Printed %d pages (%s, bleed=%s): %d bytes", pdf.page_no(), size, bleed, len(data))
    return data


def _all_text(book: PrintableBook) -> str:
    words = [book.title, book.byline, *(m.name for m in book.cast), *(p.text for p in book.pages)]
    if book.parents_corner is not None:
        words += [*book.parents_corner.questions, book.parents_corner.note]
    return printable("".join(words))
