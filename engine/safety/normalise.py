"""Undoing the tricks people use to sneak words past a filter, before the word list is consulted.

``readings(text)`` gives every plausible way to read each word (accents and look-alike letters
folded, leetspeak decoded, punctuation inside a word dropped, stretched letters shortened) and the
whole text as word sequences for phrase matching. Words are never split apart, so a bad word hidden
inside an innocent one ("Scunthorpe", "grape") is not a reading.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data") / "characters.json"
_RUN3 = re.compile(r"(.)\1{2,}")
_RUN2 = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]+")


@cache
def _tables() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Readings:
    """What to look up: single words, masked words (``f*ck``) and word sequences for phrases."""

    words: frozenset[str]
    masked: tuple[str, ...]
    sequences: tuple[str, ...]


def fold(text: str) -> str:
    """Lower case without accents, invisible characters or look-alike letters: ``fold("Fück") == "fuck"``."""
    confusables: dict[str, str] = _tables()["confusables"]
    out = []
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        category = unicodedata.category(ch)
        if category in ("Mn", "Cf"):  # accents, zero-width joiners and the like
            continue
        out.append(confusables.get(ch, ch))
    return "".join(out)


def _decode(token: str, leet: dict[str, str]) -> str:
    return "".join(leet.get(ch, ch) for ch in token)


def _stretched(word: str) -> set[str]:
    """``fuuuck`` → ``fuuck`` and ``fuck``; a word with no repeated letters gives only itself."""
    return {word, _RUN3.sub(r"\1\1", word), _RUN2.sub(r"\1", word)}


def _single_letter_runs(parts: list[str]) -> set[str]:
    """``["f", "u", "c", "k"]`` → ``{"fuck"}``: letters typed apart are read together."""
    runs: set[str] = set()
    current: list[str] = []
    for part in [*parts, ""]:
        if len(part) == 1:
            current.append(part)
            continue
        if len(current) >= 2:
            runs.add("".join(current))
        current = []
    return runs


def readings(text: str) -> Readings:
    """Every reading of ``text`` worth looking up in the word list."""
    tables = _tables()
    masks: str = tables["masks"]
    folded = fold(text)
    tokens = folded.split()
    words: set[str] = set()
    masked: list[str] = []
    sequences: list[str] = []
    for leet in [{}, *tables["leet"]]:
        parts: list[str] = []
        for token in tokens:
            decoded = _decode(token, leet)
            words |= _stretched(_NOT_LETTER.sub("", decoded))
            pieces = [p for p in _NOT_LETTER.split(decoded) if p]
            parts.extend(pieces)
            for piece in pieces:
                words |= _stretched(piece)
        for run in _single_letter_runs(parts):
            words |= _stretched(run)
        sequences.append(" ".join(parts))
    for token in tokens:
        core = token.strip(".,;:!?\"'()[]{}")
        if any(m in core for m in masks) and sum(ch.isalpha() for ch in core) >= 2:
            masked.append(core)
    words.discard("")
    return Readings(frozenset(words), tuple(masked), tuple(dict.fromkeys(sequences)))
