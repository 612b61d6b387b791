"""Bad input gets a clear ValidationError and leaves the database exactly as it was."""

from __future__ import annotations

from typing import Any

import pytest

from engine import CharacterSpec, MemoryMakerError, StorySettings, Studio, User, ValidationError
from tests.conftest import SAL
from tests.db_snapshot import snapshot

BAD_CHARACTERS: list[dict[str, Any]] = [
    {"name": ""},
    {"name": "   "},
    {"name": "Sal\x00"},
    {"name": "Sal\x1b[31m"},
    {"name": "x" * 41},
    {"name": "Sal", "traits": ["x" * 10_000]},
    {"name": "Sal", "traits": ["brave"] * 3 + ["a", "b", "c", "d"]},
    {"name": "Sal", "kind": "velociraptor-king"},
    {"name": "Sal", "outfit_primary": "red; drop table"},
    {"name": "Sal", "age": -1},
    {"name": "Sal", "age": 10**9},
    {"name": 12},
]
BAD_SETTINGS: list[dict[str, Any]] = [
    {"pages": 0},
    {"pages": 99},
    {"pages": -5},
    {"age_group": "13-99"},
    {"tone": "terrifying"},
    {"moral": "greed"},
    {"setting": "mars-base"},
    {"style": "photoreal"},
    {"note": "x" * 5000},
    {"note": "bell\x07"},
    {"character_ids": []},
    {"character_ids": [1, 1]},
    {"character_ids": [1, 2, 3, 4, 5]},
    {"character_ids": [-1]},
]


@pytest.mark.parametrize("fields", BAD_CHARACTERS)
def test_bad_character_is_refused_and_nothing_changes(
    studio: Studio, family: User, fields: dict[str, Any]
) -> None:
    before = snapshot(studio.db)
    with pytest.raises(ValidationError) as err:
        studio.characters.create(family, CharacterSpec.model_validate(fields))
    assert err.value.message.endswith(".") and "pydantic" not in err.value.message.lower()
    assert snapshot(studio.db) == before


@pytest.mark.parametrize("change", BAD_SETTINGS)
def test_bad_story_settings_are_refused_and_nothing_changes(
    studio: Studio, family: User, change: dict[str, Any]
) -> None:
    sal = studio.characters.create(family, SAL)
    before = snapshot(studio.db)
    with pytest.raises(ValidationError):
        studio.books.start(family, StorySettings.model_validate({"character_ids": [sal.id], **change}))
    assert snapshot(studio.db) == before


def test_updating_with_bad_data_keeps_the_character(studio: Studio, family: User) -> None:
    sal = studio.characters.create(family, SAL)
    before = snapshot(studio.db)
    with pytest.raises(ValidationError):
        studio.characters.update(family, sal.id, {"name": ""})  # type: ignore[arg-type]
    assert snapshot(studio.db) == before
    assert studio.characters.get(family, sal.id).name == "Sal"


def test_errors_read_like_sentences_for_a_parent(studio: Studio, family: User) -> None:
    with pytest.raises(ValidationError) as err:
        StorySettings(character_ids=[1], pages=99)
    assert str(err.value) == "Number of pages: input should be less than or equal to 24."
    with pytest.raises(ValidationError) as err2:
        CharacterSpec(name="")
    assert str(err2.value) == "Name can't be empty."


def test_unicode_names_are_welcome(studio: Studio, family: User) -> None:
    for name in ["Zoë", "Iñigo", "李明", "Siobhán", "Nana 🐶"]:
        assert studio.characters.create(family, CharacterSpec(name=name)).name == name


def test_every_engine_error_is_a_memory_maker_error() -> None:
    with pytest.raises(MemoryMakerError):
        CharacterSpec(name="")
