"""What the exporters print: a finished book reduced to words and picture bytes, nothing else.

The book service builds a ``PrintableBook`` from stored rows; the PDF, EPUB and grid exporters read only
this, so they never touch storage or providers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CastEntry:
    """One character on the title page: ``CastEntry("Zoë", portrait_png_bytes)``."""

    name: str
    portrait: bytes | None = None  # WebP, PNG or JPEG; None draws a soft circle with the initial


@dataclass(frozen=True)
class PrintablePage:
    """One story page: ``PrintablePage("Sal found a shell.", webp_bytes)``."""

    text: str
    image: bytes | None = None  # WebP, PNG or JPEG; None means "not drawn yet" and prints a placeholder


@dataclass(frozen=True)
class ParentsCornerPage:
    """The optional last page: questions to talk about together, and a short note for grown-ups."""

    questions: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class PrintableBook:
    """A whole book ready to export.

    >>> book = PrintableBook("Sal and the Moon", "by Grandma", "en", pages=(PrintablePage("Hello!"),))
    >>> len(book.pages)
    1
    """

    title: str
    byline: str
    language: str = "en"  # "en" or "es"; anything else prints English labels
    cast: tuple[CastEntry, ...] = ()
    pages: tuple[PrintablePage, ...] = ()
    parents_corner: ParentsCornerPage | None = None
