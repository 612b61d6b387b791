"""Titles that fit the story ("Mia and the Runaway Kite", "Sorry, Pip!") and the summary a sequel reads."""

from __future__ import annotations

import random
import re

from engine.providers import StoryRequest
from engine.story.cast import Actor
from engine.story.content import content, world
from engine.story.phrasing import Binding, Creature, capitalize, polish
from engine.story.planner import Plot

_SLOT = re.compile(r"\{(\w+)\}")


def title_case(text: str) -> str:
    """Capitalise each word of an English phrase, except short joining words."""
    small = {"a", "an", "the", "and", "of", "in", "on", "at", "to", "for", "under"}
    words = text.split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def make_title(request: StoryRequest, actors: tuple[Actor, ...], plot: Plot, rng: random.Random) -> str:
    """Pick a pattern by tone and moral (or a general one) and fill it from the plot."""
    c = content(request.language)
    pools = [
        c.lines("titles", "patterns"),
        c.lines("titles", request.tone),
        c.lines("titles", "morals", request.moral),
    ]
    hero = actors[plot.learner]
    partner = actors[plot.partner] if plot.partner is not None else None
    creature = c.text("settings", request.setting, "creatures", plot.creature, "the")
    goal = c.node("titles", "goals", plot.goal) or {}
    place = c.node("titles", "settings", request.setting) or {}
    names = (
        hero.name if len(actors) == 1 else _names(c.text("titles", "and_friends"), hero, partner, len(actors))
    )
    thing = str(goal.get("thing", ""))
    values = {
        "Name": hero.name,
        "Names": names,
        "Other": partner.name if partner else title_case(creature.split(" ", 1)[-1]),
        "creature": title_case(creature.split(" ", 1)[-1]),
        "thing": thing,
        "the_thing": str(goal.get("the", thing)),
        "The_thing": capitalize(str(goal.get("the", thing))),
        "o": str(goal.get("o", "")),
        "the_creature": creature,
        "day": str(goal.get("day", "")),
        "at": str(place.get("at", "")),
        "place_word": str(place.get("place_word", "")),
        "big": rng.choice(c.lines("titles", "big")),
        "big2": rng.choice(c.lines("titles", "big2") or c.lines("titles", "big")),
        "adj": rng.choice(c.lines("titles", "adj", plot.obstacle)),
    }
    pool = rng.choice([p for p in pools if p])
    # "Zoë and the Little Owl" only when the owl is in the story (a helper page, or a moral about it).
    met = world()["morals"][request.moral]["creature"] or any("helper" in u.beats for u in plot.units)
    pattern = rng.choice([t for t in pool if met or "creature" not in t] or pool)
    # Twice: an adjective chosen for the first pass may carry its own ending to fill ("perdid{o}").
    once = _SLOT.sub(lambda m: values[m.group(1)], pattern)
    return polish(_SLOT.sub(lambda m: values[m.group(1)], once), request.language)


def _names(template: str, hero: Actor, partner: Actor | None, count: int) -> str:
    """'Mia and Pip' for two, 'Mia and Friends' for three or four."""
    pair, group = template.split("|")
    if count == 2 and partner is not None:
        return pair.format(a=hero.name, b=partner.name)
    return group.format(a=hero.name)


def summary(
    request: StoryRequest,
    actors: tuple[Actor, ...],
    plot: Plot,
    words: dict[str, str],
    creature: Creature,
    rng: random.Random,
) -> str:
    """Two or three sentences for the next book in the series: where, what went wrong, what was learned."""
    c = content(request.language)
    roles: dict[str, Actor | Creature] = {"L": actors[plot.learner], "O": creature}
    roles["W"] = actors[plot.attempts[-1][0]] if plot.attempts else actors[plot.learner]
    learned = c.text("morals", request.moral, "learned")
    binding = Binding(request.language, roles, actors, {**words, "learned": learned})
    parts = [
        binding.render(c.text("beats", "summary", key), rng).text for key in ("went", "trouble", "learned")
    ]
    return " ".join(parts)
