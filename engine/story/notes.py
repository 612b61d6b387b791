"""The family's note ("it's Grandma's birthday", "Sal lost a tooth") as a line near the start of the book
and a nod on the last page, read from ``data/<lang>/notes.toml``.

A note we recognise (a birthday, a lost tooth, a first day at school...) is told in the story's own words
with the person it is about; a short note we do not recognise is said aloud by a character, as typed; a
long one, a question or a request to the writer ("make it rhyme") is left out rather than pasted in.

>>> from engine.models import CharacterSpec
>>> from engine.story.cast import Actor
>>> sal = Actor.from_spec(0, CharacterSpec(name="Sal", kind="girl"), "en")
>>> note = read_note("Sal lost a tooth!", (sal,), "en")
>>> (note.occasion, note.words["note_who"])
('tooth', 'Sal')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from engine.catalog import Language
from engine.story.cast import Actor
from engine.story.content import DATA_DIR

# Longest note (in words) a character may say aloud as typed, by age band: a toddler page is tiny.
QUOTE_WORDS = {"0-2": 5, "3-5": 8, "6-8": 10, "9-12": 12}
# Template marks a note must never carry into a template (it is inserted as a word, not as a line).
_MARKS = re.compile(r"[\[\]{}<>|“”«»\"]")


@dataclass(frozen=True)
class Note:
    """What the book does with the note: an occasion id (or "said" / "" for none) and its words."""

    occasion: str = ""
    words: dict[str, str] = field(default_factory=dict)
    anyone: bool = False  # an occasion with nobody named: its lines without {note_who}

    def lines(self, language: Language, where: str, tiny: bool) -> tuple[str, ...]:
        """The start or end lines for this note, for toddlers (present tense) or older readers."""
        if not self.occasion:
            return ()
        node = _data(language)["occasions"][self.occasion][where]
        key = ("tiny" if tiny else "main") + ("_anyone" if self.anyone else "")
        return tuple(node.get(key, ()))


@cache
def _data(language: Language) -> dict[str, Any]:
    with (DATA_DIR / language / "notes.toml").open("rb") as fh:
        return tomllib.load(fh)


def read_note(note: str, actors: tuple[Actor, ...], language: Language, age_group: str = "3-5") -> Note:
    """Recognise the note's occasion and who it is about; ``Note()`` when the book should leave it out."""
    text = _MARKS.sub("", " ".join(note.split())).strip(" .!,;:-")
    if not text:
        return Note()
    data = _data(language)
    occasion = _occasion(text, data)
    if occasion is None:
        return _said(text, data, age_group)
    spec: dict[str, Any] = data["occasions"][occasion]
    who = _who(text, actors, data)
    words = {"festival": _festival(text, data)}
    if who is None and spec.get("who") == "hero" and actors:
        hero = next((a for a in actors if a.kind in data["hero_kinds"]), actors[0])
        who = (hero.name, hero.name)
    if who is None:
        return Note(occasion, words, anyone=True)
    return Note(occasion, {**words, "note_who": who[0], "the_note_who": who[1]})


def _occasion(text: str, data: dict[str, Any]) -> str | None:
    low = f" {text.lower()} "
    for occasion, spec in data["occasions"].items():
        if occasion != "said" and any(_has(low, k) for k in spec["keywords"]):
            return str(occasion)
    return None


def _has(low: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", low) is not None


def _who(text: str, actors: tuple[Actor, ...], data: dict[str, Any]) -> tuple[str, str] | None:
    """(name, name with its article) of who the note is about: a character, a relative, or a name."""
    low = f" {text.lower()} "
    for actor in actors:
        if _has(low, actor.name):
            return actor.name, actor.name
    family: dict[str, dict[str, str]] = data["family"]
    for word, forms in family.items():
        if _has(low, word):
            return forms["name"], forms["the"]
    stop = {w.lower() for w in [*data["not_names"], *data["festivals"]]}
    for pattern in data["name_patterns"]:
        for match in re.finditer(pattern, text):
            name = match.group("who")
            if name.split()[0].lower() not in stop:
                return name, name
    return None


def _festival(text: str, data: dict[str, Any]) -> str:
    low = f" {text.lower()} "
    names: dict[str, str] = data["festivals"]
    return next((name for word, name in names.items() if _has(low, word)), "")


def _said(text: str, data: dict[str, Any], age_group: str) -> Note:
    """A short statement a character can say aloud; questions, requests and long notes are left out."""
    words = text.split()
    first = words[0].lower().strip("'’")
    if (
        len(words) > QUOTE_WORDS[age_group]
        or re.search(r"[?¿]|[.!;:]\s", text)
        or first in {w.lower() for w in data["not_said"]}
    ):
        return Note()
    return Note("said", {"note": text[:1].upper() + text[1:]})
