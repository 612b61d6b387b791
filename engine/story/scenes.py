"""The picture for each page, decided with the text (the illustrator never parses prose).

Who is drawn is exactly who the page names or refers to; poses and moods follow the beat.
"""

from __future__ import annotations

import re
from functools import cache

from engine.catalog import Camera, Language, Mood, Pose, Prop, Setting, TimeOfDay, Tone, Weather
from engine.models import Scene, SceneCharacter
from engine.story.cast import Actor
from engine.story.content import content, world


@cache
def _prop_words(language: Language) -> tuple[re.Pattern[str], dict[str, str], tuple[str, ...]]:
    """One pattern for every prop word, the prop each word means, and the props in data order."""
    props: dict[str, dict[str, list[str]]] = content(language).node("settings", "props")
    meaning = {w.lower(): prop for prop, node in props.items() for w in node["words"]}
    words = "|".join(re.escape(w) for w in sorted(meaning, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({words})(?!\w)", re.IGNORECASE), meaning, tuple(props)


def props_in(text: str, language: Language) -> tuple[Prop, ...]:
    """The catalogue props the page text mentions, in catalogue order."""
    pattern, meaning, order = _prop_words(language)
    found = {meaning[m.group(1).lower()] for m in pattern.finditer(text)}
    return tuple(p for p in order if p in found)  # type: ignore[misc]  # [props] keys are Props


def place_label(setting: str, place: str) -> str:
    """The place as a short English phrase for the illustrator ("sunny clearing")."""
    phrase = content("en").text("settings", setting, "places", place)
    return phrase.removeprefix("the ")


def pose_for(actor: Actor, beat: str, is_lead: bool, approach: str | None) -> tuple[Pose, Mood]:
    """The beat's pose and mood for the lead or the others; attempts show the way of trying."""
    pose, mood = world()["beats"][beat]["lead" if is_lead else "others"]
    if is_lead and beat == "attempt" and approach:
        pose = world()["approach_poses"].get(approach, pose)
    if actor.kind == "baby":
        pose = world()["baby_poses"].get(pose, pose)
    return pose, mood


def build_scene(
    *,
    setting: Setting,
    place: str,
    time: TimeOfDay,
    weather: Weather,
    camera: Camera,
    text: str,
    language: Language,
    cast: list[tuple[Actor, Pose, Mood]],
) -> Scene:
    """A validated ``Scene``; ``cast`` lists only the characters on this page."""
    return Scene(
        setting=setting,
        place=place_label(setting, place),
        time_of_day=time,
        weather=weather,
        characters=tuple(SceneCharacter(who=a.index, action=p, mood=m) for a, p, m in cast),
        props=props_in(text, language),
        camera=camera,
    )


def bedtime(tone: Tone, time: TimeOfDay, beat: str) -> bool:
    """Cozy books end with everyone tucked up: the last pages at night are drawn asleep."""
    return tone == "cozy" and time == "night" and beat in ("home", "lesson")
