"""How a book is named on the shelf and on its page: its series, the book it is a new version of, and
how far it has got ("still being made: 5 of 12")."""

from __future__ import annotations

from engine import BookSummary
from engine.catalog import label

STATUS_WORDS = {
    "failed": "didn't finish — open it to try again",
    "cancelled": "stopped — open it to finish it",
    "interrupted": "paused — it will carry on by itself",
}


def series_names(books: list[BookSummary]) -> dict[int, str]:
    """Each series (more than one book) named after its first book still on the shelf."""
    first: dict[int, BookSummary] = {}
    sizes: dict[int, int] = {}
    for b in books:
        if b.series_id is None:
            continue
        sizes[b.series_id] = sizes.get(b.series_id, 0) + 1
        if b.series_id not in first or b.series_index < first[b.series_id].series_index:
            first[b.series_id] = b
    return {sid: first[sid].title for sid, n in sizes.items() if n > 1 or first[sid].series_index > 1}


def family_ties(
    book: BookSummary, series: dict[int, str], titles: dict[int, str], *, name_source: bool = False
) -> list[str]:
    """``["Book 2 of the Sal's Kite series", "crayon version of “Sal's Kite”"]`` (either may be missing).

    The book a version was made from is named when its title differs, or always with ``name_source``.
    """
    ties = []
    name = series.get(book.series_id or 0)
    if name is not None:
        ties.append(f"Book {book.series_index} of the {name} series")
    if book.version_of_id is not None:
        source = titles.get(book.version_of_id)
        style = label(book.style).lower() if book.style else "new"
        named = source is not None and (name_source or source != book.title)
        ties.append(f"{style} version of “{source}”" if named else f"{style} version")
    return ties


def caption(book: BookSummary, series: dict[int, str], titles: dict[int, str]) -> str:
    """``"Sal's Kite — Book 2 of the Sal's Day series — still being made: 5 of 12"``."""
    parts = [book.title, *family_ties(book, series, titles)]
    if book.status == "generating":
        parts.append(f"still being made: {book.pages_done} of {book.page_count}")
    elif book.status in STATUS_WORDS:
        parts.append(STATUS_WORDS[book.status])
    return " — ".join(parts)


def captions(books: list[BookSummary]) -> dict[int, str]:
    series, titles = series_names(books), {b.id: b.title for b in books}
    return {b.id: caption(b, series, titles) for b in books}
