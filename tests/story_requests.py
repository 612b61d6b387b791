"""Book settings for judging the offline story writer, shared by its tests and ``bench/story_*.py``.

``random_request`` picks settings the way families would; ``VARIETY_BOOKS`` are fixed settings (a spread
of settings, tones, morals and casts of one to four) for the variety measure of issue #3: write 30 books
that differ only in their seed and count how many of all their sentences are unique.
"""

from __future__ import annotations

import random
import time

from engine.catalog import AgeGroup, CharacterKind, Language, Moral, Setting, Tone, choices
from engine.models import CharacterSpec
from engine.providers import StoryRequest, StoryWriter
from engine.story.draft import sentences

NAMES = ("Mia", "Leo", "Zoë", "李明", "Siobhan", "Sam", "Aisha", "Mateo", "Noor", "Pip", "Olu", "Ines")
TRAITS = (
    "brave",
    "shy",
    "curious",
    "clever",
    "kind",
    "funny",
    "strong",
    "fast",
    "creative",
    "careful",
    "loud",
)

MIA = CharacterSpec(name="Mia", kind="girl", traits=("brave", "curious"), pronouns="she/her")
PIP = CharacterSpec(name="Pip", kind="dog", traits=("fast",))
LEO = CharacterSpec(name="Leo", kind="boy", traits=("shy",), pronouns="he/him")
ZOE = CharacterSpec(name="Zoë", kind="grandma", traits=("kind", "funny"), pronouns="she/her")
AISHA = CharacterSpec(name="Aisha", kind="robot", traits=())
Book = tuple[tuple[CharacterSpec, ...], Tone, Moral, Setting]
VARIETY_BOOKS: tuple[Book, ...] = (
    ((MIA, PIP, LEO), "adventurous", "sharing", "forest"),
    ((MIA,), "cozy", "kindness", "snowy-mountains"),
    ((LEO,), "funny", "bravery", "space"),
    ((ZOE, AISHA), "gentle", "patience", "farm"),
    ((PIP, MIA), "silly", "honesty", "seaside"),
    ((AISHA, LEO, ZOE, MIA), "mysterious", "friendship", "castle"),
    ((LEO, ZOE), "cozy", "gratitude", "backyard"),
    ((MIA,), "adventurous", "perseverance", "jungle"),
    ((PIP,), "gentle", "trying-new-things", "under-the-sea"),
    ((ZOE, PIP, LEO), "funny", "saying-sorry", "city"),
)


def random_request(
    rng: random.Random, age: AgeGroup, language: Language = "en", pages: int | None = None
) -> StoryRequest:
    """A book with random settings, the way families would pick them."""
    cast = tuple(
        CharacterSpec(
            name=name,
            kind=rng.choice(choices(CharacterKind)),
            traits=tuple(rng.sample(TRAITS, rng.randint(0, 2))),
            pronouns=rng.choice([None, "she/her", "he/him", "they/them"]),
        )
        for name in rng.sample(NAMES, rng.randint(1, 4))
    )
    return StoryRequest(
        cast=cast,
        age_group=age,
        tone=rng.choice(choices(Tone)),  # type: ignore[arg-type]
        moral=rng.choice(choices(Moral)),  # type: ignore[arg-type]
        setting=rng.choice(choices(Setting)),  # type: ignore[arg-type]
        pages=pages or rng.randint(4, 24),
        seed=rng.randrange(2**31),
        language=language,
    )


def thirty_seeds(book: Book, age: AgeGroup, language: Language, pages: int = 12) -> list[StoryRequest]:
    """The same book settings written with seeds 0-29."""
    cast, tone, moral, setting = book
    return [
        StoryRequest(
            cast=cast,
            age_group=age,
            tone=tone,
            moral=moral,
            setting=setting,
            pages=pages,
            seed=seed,
            language=language,
        )
        for seed in range(30)
    ]


def said(writer: StoryWriter, requests: list[StoryRequest]) -> list[str]:
    """Every sentence of every page of these books, in order (the refrain each time it comes back)."""
    return [s for r in requests for page in writer.write(r).story.pages for s in sentences(page.text)]


def unique_share(writer: StoryWriter, requests: list[StoryRequest]) -> float:
    """Distinct sentences / all sentences over these books."""
    all_said = said(writer, requests)
    return len(set(all_said)) / len(all_said)


def best_of_three(writer: StoryWriter, request: StoryRequest) -> float:
    """Seconds to write one book, best of three runs: the book is the same each time, so this measures the
    writer and not a busy machine's scheduler (CI shares its cores)."""
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        writer.write(request)
        runs.append(time.perf_counter() - start)
    return min(runs)
