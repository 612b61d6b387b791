"""The graded word list by age band (``data/<lang>/vocabulary.toml``) and the reading level of a line.

A line's level is the age band of its hardest word or of its sentence length, whichever is higher, so
a writer adds a richer line and it is only ever read to children old enough for it.

>>> level("{A} ran.", "en")
1
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from engine.catalog import AgeGroup, Language
from engine.story.content import DATA_DIR
from engine.story.phrasing import CHOICE, NUMBER, SPEECH, TOKEN, options

BANDS: tuple[AgeGroup, ...] = ("0-2", "3-5", "6-8", "9-12")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Roughly how many words a token becomes, so "{When}, {ALL} went to {to}." counts as the long line it is.
_TOKEN_WORDS = {
    "ALL": 3,
    "When": 3,
    "when": 3,
    "want": 6,
    "to": 2,
    "place": 3,
    "thing": 2,
    "item": 3,
    "a_creature": 3,
    "A_creature": 3,
    "the_creature": 3,
    "The_creature": 3,
    "hint": 6,
    "creature_trouble": 5,
    "scary": 5,
    "wait": 5,
    "new": 5,
    "prev": 2,
    "prev_thing": 2,
    "hide": 3,
    "Thing": 2,
    "note": 5,
    "festival": 2,
}
# Average words per sentence that each band reads comfortably (index = band). Spanish says the same thing
# in about a word more per sentence (articles, "a Mia le gustaba..."), so its limits sit a little higher.
_SENTENCE_WORDS: dict[str, tuple[float, float, float]] = {"en": (5.0, 8.0, 10.0), "es": (6.0, 9.0, 12.0)}


@cache
def graded_words(language: Language) -> dict[str, int]:
    """Every word the writer may use, with the index of the youngest band that may read it."""
    with (DATA_DIR / language / "vocabulary.toml").open("rb") as fh:
        data = tomllib.load(fh)
    grades: dict[str, int] = {}
    for index, band in enumerate(BANDS):
        for word in data["bands"][band]:
            grades.setdefault(word.lower(), index)
    return grades


def words_of(template: str, *, every_option: bool = True) -> list[str]:
    """The literal words of a template (tokens and speech marks removed), lower-cased.

    With ``every_option`` all the words of ``[a|b]`` choices count (for grading words); without, only
    the first option's (for sentence length)."""
    pick = (lambda m: " ".join(options(m.group(1)))) if every_option else (lambda m: options(m.group(1))[0])
    plain = TOKEN.sub(" ", SPEECH.sub(lambda m: m.group(2), CHOICE.sub(pick, NUMBER.sub(r"\1 \2", template))))
    return [w.lower() for w in WORD.findall(plain)]


def unknown_words(template: str, language: Language) -> list[str]:
    """Words missing from the graded list (a test keeps this empty for every data line)."""
    grades = graded_words(language)
    return [w for w in words_of(template) if w not in grades]


@cache
def level(template: str, language: Language) -> int:
    """0-3: the youngest band (index into ``BANDS``) that may hear this line."""
    grades = graded_words(language)
    word_band = max((grades.get(w, 3) for w in words_of(template)), default=0)
    words = words_of(template, every_option=False)
    sentences = max(1, len(re.findall(r"[.!?]+(?:[”»\"]|$|\s)", template)))
    tokens = sum(
        _TOKEN_WORDS.get(m.group(1), 1) for m in TOKEN.finditer(SPEECH.sub(lambda m: m.group(2), template))
    )
    per_sentence = (len(words) + tokens) / sentences
    limits = _SENTENCE_WORDS[language]
    length_band = next((i for i, limit in enumerate(limits) if per_sentence <= limit), 3)
    return max(word_band, length_band)
