"""A page's read-aloud script: which words the narrator reads and which a character says.

Dialogue is marked in the story model (``StoryPage.dialogue``: the speaker and the exact quoted
words), so the page text is cut around each quote; names are swapped for how the family says them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from engine.models import CharacterSpec, Dialogue
from engine.voice.casting import Casting

# Quote marks around spoken words; they are left out so no voice pauses on a lone "“".
QUOTE_MARKS = "\"'“”„‟«»‹›‘’‚「」『』"
_WORDS = re.compile(r"\w")


@dataclass(frozen=True)
class Line:
    """Words read in one go; ``speaker`` is a cast index, ``None`` for the narrator."""

    text: str
    speaker: int | None = None


@dataclass(frozen=True)
class Spoken:
    """One stretch of the finished script: the words (names already respelled) and the voice."""

    text: str
    voice: str | None  # None: the narrator's own voice


def split_page(text: str, dialogue: Sequence[Dialogue]) -> tuple[Line, ...]:
    """The page as narration and dialogue lines, in reading order.

    If a quote is no longer in the text (the family edited the page), the narrator reads it all:
    guessing who says the new words would be worse than one voice.

    >>> lines = split_page("Rex barked, “Come on!”", [Dialogue(speaker=1, text="Come on!")])
    >>> [(line.text, line.speaker) for line in lines]
    [('Rex barked,', None), ('Come on!', 1)]
    """
    text = _nfc(text)
    lines: list[Line] = []
    cursor = 0
    for said in dialogue:
        quote = _nfc(said.text).strip()
        if not quote:
            continue
        found = re.compile(rf"(?<!\w){re.escape(quote)}(?!\w)").search(text, cursor)
        if found is None:
            return _only_narration(text)
        _narration(lines, text[cursor : found.start()])
        lines.append(Line(quote, said.speaker))
        cursor = found.end()
    _narration(lines, text[cursor:])
    return tuple(lines)


def pronounce(text: str, cast: Sequence[CharacterSpec]) -> str:
    """``text`` with each cast name respelled as the family says it ("Siobhan" → "shi-VAWN").

    Whole words only, in any letter case, and with accents compared in one Unicode form, so "Zoë"
    typed either way is found and "Sianna" is left alone when only "Sian" has a respelling.

    >>> pronounce("Siobhan's kite", [CharacterSpec(name="Siobhan", pronunciation="shi-VAWN")])
    "shi-VAWN's kite"
    """
    respell = {_nfc(c.name).casefold(): _nfc(c.pronunciation) for c in cast if c.pronunciation}
    if not respell:
        return text
    names = sorted(respell, key=len, reverse=True)  # "Jo Ann" before "Jo"
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda m: respell.get(m.group(1).casefold(), m.group(1)), _nfc(text))


def script(
    text: str, dialogue: Sequence[Dialogue], cast: Sequence[CharacterSpec], casting: Casting
) -> tuple[Spoken, ...]:
    """What is said on the page and in which voice; neighbouring lines in one voice are joined."""
    spoken: list[Spoken] = []
    for line in split_page(text, dialogue):
        voice = casting.voice_for(line.speaker)
        words = pronounce(line.text, cast)
        if spoken and spoken[-1].voice == voice:
            spoken[-1] = Spoken(f"{spoken[-1].text} {words}", voice)
        else:
            spoken.append(Spoken(words, voice))
    return tuple(spoken)


def _narration(lines: list[Line], piece: str) -> None:
    piece = piece.strip().strip(QUOTE_MARKS).strip()
    if _WORDS.search(piece):
        lines.append(Line(piece))


def _only_narration(text: str) -> tuple[Line, ...]:
    text = text.strip()
    return (Line(text),) if _WORDS.search(text) else ()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
