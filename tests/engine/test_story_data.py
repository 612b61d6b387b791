"""The writer's data files are complete in every language, and every word in them is graded by age."""

from __future__ import annotations

import itertools
import tomllib
from typing import Any

import pytest

from engine.catalog import CharacterKind, Language, Moral, Prop, Setting, Tone, choices
from engine.story.content import DATA_DIR, content, world
from engine.story.phrasing import CHOICE, options
from engine.story.slots import goal_lines
from engine.story.vocabulary import unknown_words

LANGUAGES: tuple[Language, ...] = ("en", "es")
# Keys in notes.toml that hold words to match in a family's note, not words the writer says.
NOT_SAID = frozenset(
    {"keywords", "family", "name_patterns", "not_names", "not_said", "hero_kinds", "festivals", "who"}
)


def strings(node: Any, skip: frozenset[str] = frozenset()) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [s for item in node for s in strings(item, skip)]
    if isinstance(node, dict):
        return [s for key, item in node.items() if key not in skip for s in strings(item, skip)]
    return []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_setting_place_goal_and_creature_has_words(language: Language) -> None:
    c = content(language)
    for setting in choices(Setting):
        shape = world()["settings"][setting]
        for place in shape["places"]:
            assert c.text("settings", setting, "places", place)
        for goal in shape["goals"]:
            for key in ("want", "thing"):
                assert c.text("settings", setting, "goals", goal["id"], key)
            for key in ("trouble", "still", "solved", "tiny_trouble", "tiny_solved"):
                assert c.lines("settings", setting, "goals", goal["id"], key), (setting, goal, key)
                assert len(goal_lines(c, setting, goal["id"], key)) >= 3, (setting, goal, key)
            assert goal["prop"] in choices(Prop)
        for key in ("details", "acts", "hide", "tiny", "sounds"):
            assert len(c.lines("settings", setting, key)) >= 4, (setting, key)
        for creature in shape["creatures"]:
            for key in ("a", "the", "trouble", "hint"):
                assert c.text("settings", setting, "creatures", creature, key)
        for key in ("to", "scary", "wait", "new"):
            assert c.text("settings", setting, key)


def every_wording(template: str) -> list[str]:
    """The template with each combination of its ``[a|b]`` choices (tokens left as they are)."""
    parts = CHOICE.split(template)  # text, choice, text, choice, ...
    picks = [[part] if i % 2 == 0 else options(part) for i, part in enumerate(parts)]
    return ["".join(combo) for combo in itertools.product(*picks)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_moral_kind_and_tone_has_its_lines(language: Language) -> None:
    c = content(language)
    problems = {m: sorted(content("en").node("morals", m, "problems")) for m in choices(Moral)}
    for moral in choices(Moral):
        assert sorted(c.node("morals", moral, "problems")) == problems[moral]
        for key in (
            "low",
            "turn",
            "resolve",
            "lesson",
            "tiny_problem",
            "tiny_turn",
            "tiny_lesson",
            "keywords",
        ):
            assert c.lines("morals", moral, key), (moral, key)
        for band in ("little", "young", "mid", "old"):
            assert len(c.lines("morals", moral, "questions", band)) >= 3
        # The book ends on its moral: every wording of every lesson line says the moral's key idea.
        for line in c.lines("morals", moral, "lesson") + c.lines("morals", moral, "tiny_lesson"):
            for wording in every_wording(line):
                assert any(k in wording.lower() for k in c.lines("morals", moral, "keywords")), wording
    for kind in choices(CharacterKind):
        assert c.node("cast", "kinds", kind, "said") and c.node("cast", "kinds", kind, "noun")
    for tone in choices(Tone):
        assert c.lines("beats", "celebrate", tone) and c.lines("beats", "refrains", tone)
    for role in {*world()["roles"], *world()["kind_approach"].values()}:
        for obstacle in ("find", "reach", "fix"):
            assert c.lines("cast", "roles", role, "try", obstacle), (role, obstacle)
        assert c.lines("cast", "roles", role, "win")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_the_writer_can_use_is_in_the_graded_vocabulary(language: Language) -> None:
    for path in sorted((DATA_DIR / language).glob("*.toml")):
        if path.name == "vocabulary.toml":
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        skip = NOT_SAID if path.name == "notes.toml" else frozenset()
        missing = {w for line in strings(data, skip) for w in unknown_words(line, language)}
        assert not missing, (path.name, sorted(missing)[:20])
