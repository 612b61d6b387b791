"""The parent's corner at the end of a book: three questions about the moral for the reader's age, and
a reading-level note (measured grade, word count, time to read aloud).

>>> from engine.models import Scene, Story, StoryPage
>>> page = StoryPage(text="Mia shared the ball. Sharing is fun!", scene=Scene(setting="farm"))
>>> story = Story(title="Mia Shares", pages=(page,), summary="Mia learned that sharing is fun.")
>>> corner = parents_corner(story, "sharing", "3-5")
>>> (len(corner.questions), corner.words)
(3, 7)
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from engine.catalog import AgeGroup, Language, Moral
from engine.models import Story
from engine.story.cast import pronoun_forms
from engine.story.content import content
from engine.story.readability import flesch_kincaid_grade, reading_minutes, word_count

_BAND_KEYS: dict[str, str] = {"0-2": "little", "3-5": "young", "6-8": "mid", "9-12": "old"}
_TOKEN = re.compile(r"\{(\w+)(?:\.(\w+))?\}")


@dataclass(frozen=True)
class ParentsCorner:
    """What a parent sees after the last page."""

    questions: tuple[str, str, str]
    grade: float
    words: int
    reading_minutes: float
    note: str


def parents_corner(
    story: Story, moral: Moral, age_group: AgeGroup, language: Language = "en"
) -> ParentsCorner:
    """Questions about ``moral`` pitched at ``age_group`` and the measured reading level of ``story``."""
    text = " ".join(page.text for page in story.pages)
    grade = round(flesch_kincaid_grade(text, language), 1)
    words = word_count(text)
    minutes = reading_minutes(words, age_group)
    return ParentsCorner(
        questions=_questions(story, moral, age_group, language),
        grade=grade,
        words=words,
        reading_minutes=minutes,
        note=_note(grade, words, minutes, language),
    )


def _questions(story: Story, moral: Moral, age_group: AgeGroup, language: Language) -> tuple[str, str, str]:
    c = content(language)
    pool = list(c.lines("morals", moral, "questions", _BAND_KEYS[age_group]))
    # Seeded by the title (str seeds are stable across runs), so a book always shows the same three.
    chosen = random.Random(f"{story.title}|{moral}|{age_group}").sample(pool, 3)
    hero = _hero(story.summary, language) or c.text("morals", "parents", "hero")
    forms = pronoun_forms(language, "they/them")

    def fill(match: re.Match[str]) -> str:
        name, attr = match.group(1), match.group(2)
        if name == "L":
            return forms[attr] if attr else hero
        return c.text("morals", "parents", name)

    first, second, third = (_TOKEN.sub(fill, q) for q in chosen)
    return first, second, third


def _hero(summary: str, language: Language) -> str | None:
    """Who learned the lesson, from the summary's last sentence ("Mia learned that ...")."""
    pattern = re.compile(content(language).text("morals", "parents", "learned"))
    for sentence in reversed(re.split(r"(?<=[.!?])\s+", summary.strip())):
        match = pattern.search(sentence)
        if match:
            return match.group("name").strip()
    return None


def _note(grade: float, words: int, minutes: float, language: Language) -> str:
    c = content(language)
    key = "early" if grade < 1.0 else "level"
    level = c.text("morals", "parents", key).format(grade=f"{max(grade, 0.0):.1f}")
    amount = f"{minutes:g}".replace(".", "," if language == "es" else ".")
    time = (
        c.text("morals", "parents", "minute")
        if minutes == 1
        else c.text("morals", "parents", "minutes").format(n=amount)
    )
    return c.text("morals", "parents", "note").format(level=level, words=words, minutes=time)
