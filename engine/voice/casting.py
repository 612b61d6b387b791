"""Casting voices: the narrator keeps its own voice and each character gets a distinct, stable one.

The tables live in ``data/voices.json`` (by narrator, age band and register), so someone with an ear
for it can retune them without touching code.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from engine.catalog import Language
from engine.models import CharacterSpec
from engine.providers import Narrator
from engine.story.languages import language as language_info

DATA = Path(__file__).with_name("data") / "voices.json"


@runtime_checkable
class KnowsItsVoice(Protocol):
    """A narrator that can say which voice it reads with when given none (so it isn't given away)."""

    def default_voice(self, language: Language = "en") -> str: ...


@dataclass(frozen=True)
class Casting:
    """Who reads with which voice; ``None`` means the narrator's own voice."""

    narrator: str | None
    characters: tuple[str | None, ...]

    def voice_for(self, speaker: int | None) -> str | None:
        """The voice for a cast index; the narrator's for ``None`` or an index outside the cast."""
        if speaker is None or not 0 <= speaker < len(self.characters):
            return self.narrator
        return self.characters[speaker]


@cache
def _tables() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def role(spec: CharacterSpec) -> tuple[str, str]:
    """``(band, register)`` such as ``("elder", "m")`` for a grandpa: who they sound like.

    >>> role(CharacterSpec(name="Joe", kind="grandpa"))
    ('elder', 'm')
    """
    tables = _tables()
    band = str(tables["bands_by_kind"].get(spec.kind, "young"))
    if spec.age is not None and spec.kind in tables["people"]:
        if spec.age < int(tables["young_below_age"]):
            band = "young"
        elif spec.age >= int(tables["elder_from_age"]):
            band = "elder"
        else:
            band = "adult"
    return band, str(tables["registers_by_pronouns"][spec.pronoun_set])


def cast_voices(narrator: Narrator, cast: Sequence[CharacterSpec], language: Language) -> Casting:
    """A voice for each cast member from the narrator's table, none shared while the table lasts.

    Characters are served in cast order, each taking the first free voice for their role, then any
    free voice of their age band, then any free voice at all; the same cast always gets the same
    voices. A narrator without a table reads every line with its own voice.
    """
    narrator_voice = narrator.default_voice(language) if isinstance(narrator, KnowsItsVoice) else None
    table = _voice_table(narrator, language)
    if not table:
        return Casting(narrator=None, characters=tuple(None for _ in cast))
    used = {narrator_voice} if narrator_voice else set()
    everyone = [v for registers in table.values() for voices in registers.values() for v in voices]
    chosen: list[str | None] = []
    for spec in cast:
        band, register = role(spec)
        mine = table.get(band, {})
        preferred = [*mine.get(register, []), *(v for voices in mine.values() for v in voices), *everyone]
        pick = next((v for v in preferred if v not in used), preferred[0] if preferred else None)
        if pick is not None:
            used.add(pick)
        chosen.append(pick)
    return Casting(narrator=None, characters=tuple(chosen))


def _voice_table(narrator: Narrator, language: Language) -> dict[str, dict[str, list[str]]]:
    """The narrator's voices by band and register, as strings its ``speak`` accepts."""
    raw = _tables().get(narrator.name)
    if not isinstance(raw, dict):
        return {}
    if narrator.name == "espeak":
        base = language_info(language).espeak
        return _roles(raw, lambda entry: f"{base}{entry}")
    if narrator.name == "openai":
        allowed = set(raw["classic_voices"]) if narrator.model in raw["classic_models"] else None
        return _roles(raw, lambda entry: entry if allowed is None or entry in allowed else None)
    return _roles(raw, lambda entry: entry)


def _roles(raw: dict[str, Any], voice: Callable[[str], str | None]) -> dict[str, dict[str, list[str]]]:
    table: dict[str, dict[str, list[str]]] = {}
    for band, registers in raw.items():
        if band.startswith("_") or not isinstance(registers, dict):
            continue
        table[band] = {
            register: [v for v in (voice(entry) for entry in entries) if v is not None]
            for register, entries in registers.items()
        }
    return table
