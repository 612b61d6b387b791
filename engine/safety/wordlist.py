"""The offline moderator: a family-appropriate word list, matched after undoing spelling tricks.

It always runs, with or without an OpenAI key. Matching is on whole words (plus a few stems that are
never innocent), which is what keeps "Scunthorpe", "Sussex", "grape" and "assistant" safe.
The lists are data: ``data/blocklist.json`` and ``data/allowlist.txt``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from engine.safety.normalise import Readings, fold, readings

DATA = Path(__file__).with_name("data")
ENDINGS = ("s", "es", "ed", "ing", "er", "ers")


@dataclass(frozen=True)
class WordList:
    """The blocklist expanded into lookup tables, each entry mapped to its category."""

    words: dict[str, str]
    phrases: dict[str, str]
    contains: dict[str, str]
    allowed: frozenset[str]


def _forms(stem: str) -> set[str]:
    forms = {stem, *(stem + ending for ending in ENDINGS)}
    if stem.endswith("e"):
        forms |= {stem + "d", stem + "r", stem + "rs", stem[:-1] + "ing"}
    return forms


def _clean(entry: str) -> str:
    return " ".join(re.sub(r"[^a-z ]+", "", fold(entry)).split())


@cache
def load_wordlist(directory: Path = DATA) -> WordList:
    """Read and expand the lists once per process."""
    data = json.loads((directory / "blocklist.json").read_text(encoding="utf-8"))
    words: dict[str, str] = {}
    phrases: dict[str, str] = {}
    contains: dict[str, str] = {}
    for category, lists in data["categories"].items():
        for word in lists.get("words", []):
            words[_clean(word)] = category
        for stem in lists.get("stems", []):
            words.update(dict.fromkeys(_forms(_clean(stem)), category))
        for phrase in lists.get("phrases", []):
            phrases[_clean(phrase)] = category
        for part in lists.get("contains", []):
            contains[_clean(part)] = category
    lines = (directory / "allowlist.txt").read_text(encoding="utf-8").splitlines()
    allowed = frozenset(_clean(line) for line in lines if line.strip() and not line.startswith("#"))
    return WordList(words, phrases, contains, allowed)


class WordListModerator:
    """``WordListModerator().check(["Sal the brave", "sh1t"]) == [None, "profanity"]``."""

    name = "wordlist"

    def __init__(self, wordlist: WordList | None = None) -> None:
        self._list = wordlist or load_wordlist()

    def check(self, texts: list[str]) -> list[str | None]:
        return [self.reason(text) for text in texts]

    def reason(self, text: str) -> str | None:
        """The category of the first unsuitable word or phrase in ``text``, or ``None``."""
        found = readings(text)
        return self._word(found.words) or self._masked(found) or self._phrase(found.sequences)

    def _word(self, candidates: Iterable[str]) -> str | None:
        for word in candidates:
            if word in self._list.allowed:
                continue
            if word in self._list.words:
                return self._list.words[word]
            for part, category in self._list.contains.items():
                if part in word:
                    return category
        return None

    def _masked(self, found: Readings) -> str | None:
        for token in found.masked:
            letters = "".join(ch if ch.isalpha() else "." for ch in fold(token))
            pattern = re.compile("^" + letters.replace(".", "[a-z]") + "$")
            for word, category in self._list.words.items():
                if len(word) == len(letters) and word not in self._list.allowed and pattern.match(word):
                    return category
        return None

    def _phrase(self, sequences: Iterable[str]) -> str | None:
        for sequence in sequences:
            padded = f" {sequence} "
            for phrase, category in self._list.phrases.items():
                if f" {phrase} " in padded:
                    return category
        return None
