"""The offline story writer, judged the way a parent (and the illustrator) would judge a book."""

from __future__ import annotations

import math
import random
import re
import statistics
from dataclasses import replace

import pytest

from engine.catalog import AgeGroup, Language, choices
from engine.models import CharacterSpec, Scene, Story
from engine.providers import StoryRequest, StoryWriter
from engine.story.content import content
from engine.story.draft import sentences
from engine.story.offline import OfflineWriter
from engine.story.readability import flesch_kincaid_grade
from tests.story_requests import VARIETY_BOOKS, best_of_three, random_request, thirty_seeds

WRITER = OfflineWriter()
MIA = CharacterSpec(name="Mia", kind="girl", traits=("brave",))
LEO = CharacterSpec(name="Leo", kind="boy", traits=("shy",))
PIP = CharacterSpec(name="Pip", kind="dog", pronouns="he/him")
ZOE = CharacterSpec(name="Zoë", kind="grandma", traits=("funny",))
WORD_LIMITS = {"0-2": 15, "3-5": 45, "6-8": 90, "9-12": 160}


def request(**changes: object) -> StoryRequest:
    base = StoryRequest(
        cast=(MIA, PIP), age_group="3-5", tone="cozy", moral="sharing", setting="seaside", pages=10, seed=1
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def write(**changes: object) -> Story:
    return WRITER.write(request(**changes)).story


def book_text(story: Story) -> str:
    return " ".join(p.text for p in story.pages)


def test_offline_writer_is_a_story_writer_with_its_name_and_model() -> None:
    assert isinstance(WRITER, StoryWriter)
    assert (WRITER.name, WRITER.model) == ("offline", "memory-maker-writer-1")
    written = WRITER.write(request())
    assert written.usage and written.usage[0].provider == "offline"


@pytest.mark.parametrize("pages", range(4, 25))
def test_the_book_has_exactly_the_pages_asked_for_and_none_is_empty(pages: int) -> None:
    for age in choices(AgeGroup):
        story = write(pages=pages, age_group=age, cast=(MIA, LEO, PIP, ZOE)[: 1 + pages % 4], seed=pages)
        assert len(story.pages) == pages
        assert all(page.text.strip() for page in story.pages)
        assert len(story.beats) >= pages


def test_random_books_keep_every_promise_a_parent_would_check() -> None:
    """Names on a third of the pages, the moral on the last page, no repeated sentence, page word limits."""
    rng = random.Random(20261129)
    for _ in range(160):
        r = random_request(rng, rng.choice(choices(AgeGroup)), rng.choice(["en", "es"]))
        story = WRITER.write(r).story
        pages = story.pages
        for spec in r.cast:
            named = sum(1 for p in pages if spec.name in p.text)
            assert named >= math.ceil(len(pages) / 3), (spec.name, r)
        keywords = content(r.language).lines("morals", r.moral, "keywords")
        assert any(k in pages[-1].text.lower() for k in keywords), (pages[-1].text, r)
        said = [s for p in pages for s in sentences(p.text) if s != story.refrain]
        assert len(said) == len(set(said)), r
        # Template syntax never reaches the page: no braces, brackets or speech marks left unworded.
        assert not any(re.search(r"[{}\[\]<>|]", p.text) for p in pages), r
        assert all(len(p.text.split()) <= WORD_LIMITS[r.age_group] for p in pages), r
        # What the read-aloud voices say is exactly what is printed.
        assert all(line.text in p.text for p in pages for line in p.dialogue), r
        assert max(len(p.text.split()) for p in pages) <= WORD_LIMITS[r.age_group], r


def test_every_character_acts_somewhere_in_the_book() -> None:
    rng = random.Random(7)
    for _ in range(60):
        r = random_request(rng, rng.choice(choices(AgeGroup)))
        story = WRITER.write(r).story
        for who in range(len(r.cast)):
            poses = [c.action for p in story.pages for c in p.scene.characters if c.who == who]
            assert any(pose != "standing" for pose in poses), (who, r)


def test_same_settings_and_seed_give_the_same_book() -> None:
    assert write(seed=42) == write(seed=42)


def test_different_seeds_give_different_plots_and_openings() -> None:
    books = [write(seed=seed, pages=12, age_group="6-8") for seed in range(30)]
    assert len({b.beats for b in books}) == 30
    assert len({b.pages[0].text for b in books}) >= 25


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("age", choices(AgeGroup))
def test_most_sentences_differ_across_thirty_seeds(age: AgeGroup, language: Language) -> None:
    """Issue #3's measure, for every age and both offline languages, and not for one lucky book: for each of
    ten fixed settings (casts of one to four, every tone, moral and setting), 30 seeds give >= 70% unique
    sentences (the refrain counts each time it returns) and 30 different sequences of plot beats."""
    shares = {}
    for book in VARIETY_BOOKS:
        stories = [WRITER.write(r).story for r in thirty_seeds(book, age, language)]
        said = [s for story in stories for page in story.pages for s in sentences(page.text)]
        shares[book[1:]] = len(set(said)) / len(said)
        assert len({story.beats for story in stories}) == 30, book[1:]
    assert min(shares.values()) >= 0.70, shares


@pytest.mark.parametrize("language", ["en", "es"])
def test_titles_vary_across_random_books(language: Language) -> None:
    rng = random.Random(3)
    titles = [
        WRITER.write(random_request(rng, rng.choice(choices(AgeGroup)), language)).story.title
        for _ in range(200)
    ]
    assert len(set(titles)) / 2 >= 60
    assert not any(t.endswith("'s Story") for t in titles)


def test_flipping_shy_to_brave_changes_what_happens() -> None:
    shy = write(cast=(LEO, MIA), pages=12, seed=5, moral="bravery")
    brave = write(cast=(replace_traits(LEO, ("brave",)), MIA), pages=12, seed=5, moral="bravery")
    assert shy.beats != brave.beats
    attempts = [b.split("#")[0] for b in shy.beats if b.startswith("attempt")]
    assert "attempt:shy" in attempts


def replace_traits(spec: CharacterSpec, traits: tuple[str, ...]) -> CharacterSpec:
    return spec.replace(traits=traits)


def test_the_brave_one_tries_first_and_the_dog_sniffs_the_way() -> None:
    story = write(cast=(LEO, PIP, MIA), pages=16, seed=2, moral="kindness", setting="forest")
    attempts = [b.split("#")[0] for b in story.beats if b.startswith("attempt:")]
    assert attempts[0] == "attempt:brave"
    assert "attempt:sniff" in attempts


@pytest.mark.parametrize("age", choices(AgeGroup))
def test_scenes_are_valid_and_only_show_who_is_on_the_page(age: str) -> None:
    cast = (MIA, LEO, PIP, ZOE)
    story = write(cast=cast, age_group=age, pages=16, seed=11, setting="castle")
    for page in story.pages:
        scene = Scene.model_validate(page.scene.model_dump())
        assert scene.setting == "castle" and scene.place
        shown = {c.who for c in scene.characters}
        named = {i for i, spec in enumerate(cast) if spec.name in page.text}
        assert named <= shown
        for prop in scene.props:
            words = content("en").node("settings", "props", prop)["words"]
            assert any(w in page.text.lower() for w in words)
    assert len({p.scene.camera for p in story.pages}) >= 2


def test_a_single_character_book_never_draws_anyone_else() -> None:
    story = write(cast=(MIA,), pages=20, seed=4)
    assert all({c.who for c in p.scene.characters} <= {0} for p in story.pages)
    assert all("Pip" not in p.text for p in story.pages)


def test_every_quoted_line_is_marked_with_its_speaker() -> None:
    for language in ("en", "es"):
        story = write(
            cast=(MIA, LEO, ZOE), pages=16, age_group="6-8", tone="funny", language=language, seed=8
        )
        open_q = "“" if language == "en" else "«"
        for page in story.pages:
            assert page.text.count(open_q) == len(page.dialogue)
            for line in page.dialogue:
                assert line.text in page.text
                assert line.speaker in {c.who for c in page.scene.characters}


def test_a_dog_woofs_rather_than_talks_in_a_realistic_book_for_older_readers() -> None:
    for seed in range(12):
        story = write(cast=(PIP, MIA), age_group="9-12", tone="mysterious", pages=16, seed=seed)
        assert all(line.speaker != 0 for p in story.pages for line in p.dialogue)


def test_pronouns_follow_each_character() -> None:
    sam = CharacterSpec(name="Sam", kind="child", pronouns="they/them", traits=("curious",))
    for seed in range(8):
        text = book_text(write(cast=(sam,), pages=16, seed=seed, age_group="6-8"))
        assert not re.search(r"\b(she|he|her|his|him|herself|himself)\b", text, re.IGNORECASE), text
    text = book_text(write(cast=(MIA,), pages=16, seed=3, age_group="6-8"))
    assert not re.search(r"\b(he|his|him|himself)\b", text, re.IGNORECASE)


def test_unicode_names_from_any_family_are_written_as_given() -> None:
    cast = (
        CharacterSpec(name="李明", kind="boy"),
        CharacterSpec(name="Zoë", kind="girl"),
        CharacterSpec(name="Siobhan", kind="cat", pronouns="she/her"),
    )
    for language in ("en", "es"):
        story = write(cast=cast, pages=12, language=language, seed=9)
        text = book_text(story)
        assert all(spec.name in text for spec in cast)


@pytest.mark.parametrize(("age", "low", "high"), [("3-5", -5.0, 1.5), ("6-8", -5.0, 3.0), ("9-12", 3.0, 6.5)])
def test_reading_level_fits_each_age(age: str, low: float, high: float) -> None:
    rng = random.Random(f"grade-{age}")
    grades = [
        flesch_kincaid_grade(book_text(WRITER.write(random_request(rng, age)).story)) for _ in range(50)
    ]
    assert low <= statistics.mean(grades) <= high


def test_spanish_reading_level_rises_with_age() -> None:
    """Flesch–Kincaid is an English formula; Spanish books are graded with Crawford's formula, made for
    Spanish (it counts more syllables per word, so its numbers run higher than FK's for the same ease).
    Each older band reads harder than the one before, and none goes past the English 9-12 ceiling."""
    means = []
    for age in choices(AgeGroup):
        rng = random.Random(f"grade-es-{age}")
        books = [book_text(WRITER.write(random_request(rng, age, "es")).story) for _ in range(50)]
        means.append(statistics.mean(flesch_kincaid_grade(text, "es") for text in books))
    assert means == sorted(means) and len(set(means)) == 4, means
    assert means[-1] <= 6.5, means


def test_sequel_remembers_the_earlier_book() -> None:
    first = write(setting="seaside", seed=3)
    sequel = write(setting="forest", previously=first.summary, seed=4)
    opening = " ".join(p.text for p in sequel.pages[:2])
    assert "seaside" in opening or any(word in opening for word in ("shell", "sandcastle", "kite", "boat")), (
        opening
    )
    assert "sequel" not in opening and first.summary not in opening


def test_summary_is_two_or_three_sentences_naming_the_setting() -> None:
    for language in ("en", "es"):
        story = write(language=language)
        assert 2 <= len(sentences(story.summary)) <= 3
        assert content(language).text("settings", "seaside", "to") in story.summary


def test_refrain_returns_for_the_youngest_only() -> None:
    young = write(age_group="3-5", pages=12)
    assert young.refrain and sum(young.refrain in p.text for p in young.pages) >= 2
    assert write(age_group="9-12", pages=12).refrain is None


def test_spanish_books_are_spanish() -> None:
    story = write(language="es", pages=12, age_group="6-8", seed=6)
    text = book_text(story)
    assert re.search(r"\b(el|la|los|las|y|que)\b", text)
    assert not re.search(r"\b(the|and|was)\b", text)
    assert not re.search(r"\ba el\b|\bde el\b", text)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_twenty_four_page_book_is_written_in_under_fifty_milliseconds(language: Language) -> None:
    rng = random.Random(1)
    WRITER.write(random_request(rng, "9-12", language, pages=24))  # data files load once per process
    timings = [
        best_of_three(WRITER, random_request(rng, age, language, pages=24)) for age in choices(AgeGroup) * 4
    ]
    assert statistics.median(timings) < 0.025
    assert max(timings) < 0.05
