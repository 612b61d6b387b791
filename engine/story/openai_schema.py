"""The JSON shape the OpenAI writer asks for, how an answer is checked, and how it becomes a ``Story``.

The draft schema has no defaults and forbids extra keys, so it is a valid *strict* structured-output
schema as it stands. Scene fields tolerate near-misses from weaker OpenAI-compatible models (an
unknown mood becomes the default) so a small slip doesn't cost a whole retry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from engine.catalog import AgeGroup, Camera, Mood, Pose, Prop, TimeOfDay, Weather
from engine.models import Dialogue, Scene, SceneCharacter, Story, StoryPage
from engine.providers import StoryRequest

MAX_WORDS: dict[str, int] = {"0-2": 15, "3-5": 45, "6-8": 90, "9-12": 160}


def max_words(age_group: AgeGroup | str) -> int:
    """Words allowed on one page for the reader's age: ``max_words("3-5") == 45``."""
    return MAX_WORDS.get(age_group, 45)


def _or_default(literal: object, default: str) -> Callable[[Any], Any]:
    allowed = set(get_args(literal))
    return lambda value: value if value in allowed else default


def _known_props(value: Any) -> Any:
    allowed = set(get_args(Prop))
    return [p for p in value if p in allowed] if isinstance(value, list) else value


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DraftCharacter(_Draft):
    who: int = Field(description="The character's number in the cast list (0 is the first).")
    action: Annotated[Pose, BeforeValidator(_or_default(Pose, "standing"))]
    mood: Annotated[Mood, BeforeValidator(_or_default(Mood, "happy"))]


class DraftScene(_Draft):
    place: str = Field(description="Where on this page, in a few words, e.g. 'by the old oak tree'.")
    time_of_day: Annotated[TimeOfDay, BeforeValidator(_or_default(TimeOfDay, "day"))]
    weather: Annotated[Weather, BeforeValidator(_or_default(Weather, "clear"))]
    characters: list[DraftCharacter] = Field(description="Who is in the picture, and what they are doing.")
    props: Annotated[list[Prop], BeforeValidator(_known_props)]
    camera: Annotated[Camera, BeforeValidator(_or_default(Camera, "medium"))]


class DraftLine(_Draft):
    speaker: int = Field(description="The speaker's number in the cast list.")
    text: str = Field(description="The spoken words, exactly as they appear in the page text.")


class DraftPage(_Draft):
    text: str = Field(description="The words printed on this page.")
    scene: DraftScene
    dialogue: list[DraftLine]


class StoryDraft(_Draft):
    """What the model writes; ``to_story`` turns it into the engine's ``Story``."""

    title: str
    pages: list[DraftPage]
    refrain: str = Field(description="A short line repeated through the book, or an empty string.")
    summary: str = Field(description="Two sentences a sequel could build on.")
    beats: list[str] = Field(description="The story's main steps, a few words each.")


def draft_problems(draft: StoryDraft, request: StoryRequest) -> list[str]:
    """Everything about the draft that doesn't fit the book asked for, in words the model can act on."""
    problems: list[str] = []
    if not draft.title.strip():
        problems.append("The story needs a title.")
    if len(draft.pages) != request.pages:
        problems.append(
            f"The story has {len(draft.pages)} pages but must have exactly {request.pages} pages."
        )
    limit = max_words(request.age_group)
    for number, page in enumerate(draft.pages, start=1):
        words = len(page.text.split())
        if words == 0:
            problems.append(f"Page {number} has no text.")
        elif words > limit:
            problems.append(f"Page {number} has {words} words; each page must have at most {limit} words.")
    text = " ".join(page.text for page in draft.pages).casefold()
    for spec in request.cast:
        if spec.name.casefold() not in text:
            problems.append(f"{spec.name} never appears by name; every character must take part.")
    return problems


def to_story(draft: StoryDraft, request: StoryRequest) -> Story:
    """The engine's ``Story``: the book's setting on every scene, unknown cast numbers dropped."""
    size = len(request.cast)
    pages = []
    for page in draft.pages:
        seen: dict[int, SceneCharacter] = {}
        for c in page.scene.characters:
            if 0 <= c.who < size and c.who not in seen:
                seen[c.who] = SceneCharacter(who=c.who, action=c.action, mood=c.mood)
        scene = Scene(
            setting=request.setting,
            place=page.scene.place.strip()[:120],
            time_of_day=page.scene.time_of_day,
            weather=page.scene.weather,
            characters=tuple(seen.values()),
            props=tuple(dict.fromkeys(page.scene.props)),
            camera=page.scene.camera,
        )
        text = " ".join(page.text.split())
        dialogue = tuple(
            Dialogue(speaker=line.speaker, text=line.text.strip())
            for line in page.dialogue
            if 0 <= line.speaker < size and line.text.strip() and line.text.strip() in text
        )
        pages.append(StoryPage(text=text, scene=scene, dialogue=dialogue))
    return Story(
        title=" ".join(draft.title.split())[:120],
        pages=tuple(pages),
        refrain=draft.refrain.strip() or None,
        summary=draft.summary.strip(),
        beats=tuple(b.strip() for b in draft.beats if b.strip()),
    )
