"""The fonts shipped in ``fonts/``: registering them with fpdf2, and what they can draw.

Andika (SIL, made for beginning readers) sets the story; Droid Sans Fallback covers Chinese, Japanese
and Korean; Symbola draws emoji in one colour. Anything none of them has is dropped before printing, so
a name like "Zoë 🦩" never prints an empty box.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

FONT_DIR = Path(__file__).with_name("fonts")
BODY = "andika"
_FILES: dict[tuple[str, str], str] = {
    (BODY, ""): "Andika-Regular.ttf",
    (BODY, "B"): "Andika-Bold.ttf",
    ("cjk", ""): "DroidSansFallback.ttf",
    ("symbols", ""): "Symbola.ttf",
}
_FALLBACKS = ["cjk", "symbols"]
# Joiners, variation selectors and skin-tone modifiers only make sense to colour-emoji fonts.
_INVISIBLE = {0x200D, *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400)}


def install(pdf: FPDF, text: str) -> None:
    """Register Andika, plus each fallback font only if ``text`` needs it (parsing CJK costs ~0.3 s)."""
    # Andika's Graphite tables can't be subset; fontTools warns once per PDF, which is only noise.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    for (family, style), filename in _FILES.items():
        if family == BODY:
            pdf.add_font(family, style, FONT_DIR / filename)
    body = _cmap(_FILES[(BODY, "")])
    missing = {ord(ch) for ch in text} - body
    needed = [family for family in _FALLBACKS if missing & _cmap(_FILES[(family, "")])]
    for family in needed:
        pdf.add_font(family, "", FONT_DIR / _FILES[(family, "")])
    if needed:
        pdf.set_fallback_fonts(needed, exact_match=False)


@lru_cache(maxsize=8)
def _cmap(filename: str) -> frozenset[int]:
    font = TTFont(FONT_DIR / filename, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@lru_cache(maxsize=1)
def _coverage() -> frozenset[int]:
    return frozenset().union(*(_cmap(filename) for filename in _FILES.values()))


def printable(text: str) -> str:
    """The text with characters no shipped font can draw removed, and spaces tidied.

    >>> printable("Zoë\\u200d🐶  says hi")
    'Zoë🐶 says hi'
    """
    covered = _coverage()
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        if ch == "\n":
            kept.append(ch)
        elif ch.isspace():
            kept.append(" ")
        elif ord(ch) in covered and ord(ch) not in _INVISIBLE and unicodedata.category(ch) != "Cc":
            kept.append(ch)
    lines = (" ".join(line.split()) for line in "".join(kept).split("\n"))
    return "\n".join(lines).strip()
