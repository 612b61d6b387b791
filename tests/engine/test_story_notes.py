"""The family's note ("it's Grandma's birthday") in the offline writer's books, as a parent would check it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine.catalog import AgeGroup, choices
from engine.models import CharacterSpec, Story
from engine.providers import StoryRequest
from engine.story.content import content
from engine.story.offline import OfflineWriter

WRITER = OfflineWriter()
SAL = CharacterSpec(name="Sal", kind="girl", traits=("cheerful",))
PIP = CharacterSpec(name="Pip", kind="dog", pronouns="he/him")
WORD_LIMITS = {"0-2": 15, "3-5": 45, "6-8": 90, "9-12": 160}


def book(note: str, **changes: object) -> Story:
    base = StoryRequest(
        cast=(SAL, PIP), age_group="6-8", tone="cozy", moral="sharing", setting="farm", pages=10, seed=4
    )
    return WRITER.write(replace(base, note=note, **changes)).story  # type: ignore[arg-type]


def pages_with(story: Story, word: str) -> list[int]:
    return [i for i, page in enumerate(story.pages) if word.lower() in page.text.lower()]


@pytest.mark.parametrize("age", choices(AgeGroup))
def test_a_birthday_note_opens_the_book_and_comes_back_on_the_last_page(age: str) -> None:
    story = book("it's Grandma's birthday!", age_group=age)
    assert pages_with(story, "Grandma") == [0, len(story.pages) - 1]
    assert "birthday" in story.pages[0].text.lower() and "birthday" in story.pages[-1].text.lower()
    keywords = content("en").lines("morals", "sharing", "keywords")
    assert any(k in story.pages[-1].text.lower() for k in keywords)
    assert max(len(p.text.split()) for p in story.pages) <= WORD_LIMITS[age]


def test_a_lost_tooth_belongs_to_the_child_the_note_names() -> None:
    story = book("Sal lost a tooth")
    assert "Sal" in story.pages[0].text and "tooth" in story.pages[0].text
    assert "Sal" in story.pages[-1].text


def test_with_nobody_named_a_lost_tooth_is_the_first_childs() -> None:
    story = book("a wobbly tooth came out today", cast=(PIP, SAL))
    first = story.pages[0].text
    assert "tooth" in first and "Sal" in first and "Pip had" not in first


def test_a_short_note_we_do_not_recognise_is_told_once_as_typed() -> None:
    story = book("Leo loves dinosaurs")
    assert pages_with(story, "Leo loves dinosaurs") == [0]


@pytest.mark.parametrize(
    "note",
    [
        "make it rhyme please",
        "She is scared of the dark",
        "Can the dog be the hero?",
        "Leo loves dinosaurs and trains and the big red bus that goes past our house every single morning",
    ],
)
def test_requests_questions_and_long_notes_are_left_out_rather_than_pasted_in(note: str) -> None:
    assert book(note).pages == book("").pages


def test_a_note_cannot_smuggle_template_marks_into_the_book() -> None:
    story = book("{A} <A|hi> [x|y] wins")
    text = " ".join(p.text for p in story.pages)
    assert not any(mark in text for mark in "{}[]<>|")


def test_the_same_note_and_seed_give_the_same_book() -> None:
    assert book("Grandpa is visiting") == book("Grandpa is visiting")


def test_a_spanish_birthday_note_speaks_spanish() -> None:
    story = book("es el cumpleaños de la abuela", language="es")
    assert "abuela" in story.pages[0].text and "cumpleaños" in story.pages[0].text
    assert "abuela" in story.pages[-1].text


def test_a_spanish_note_names_the_child_it_is_about() -> None:
    story = book("a Sal se le ha caído un diente", language="es")
    assert "Sal" in story.pages[0].text and "diente" in story.pages[0].text
