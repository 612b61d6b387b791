"""The words a book's templates fill in: the setting, the goal, the creature, the time of day.

Chosen once per book (so "the little owl" stays the little owl), plus a few that change per page.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from engine.catalog import Language
from engine.providers import StoryRequest
from engine.story.cast import Actor
from engine.story.content import Content, content
from engine.story.phrasing import Creature
from engine.story.planner import Plot


@dataclass(frozen=True)
class StoryWords:
    base: dict[str, str]
    creature: Creature
    setting: str
    language: Language

    def for_page(
        self, time: str, place: str, lead: Actor, group: tuple[Actor, ...], rng: random.Random
    ) -> dict[str, str]:
        c = content(self.language)
        moves = c.lines("beats", "moves", self.setting) or (
            c.lines("cast", "kinds", lead.kind, "move")
            if len(group) == 1
            else c.lines("beats", "moves", "default")
        )
        accessory = c.node("cast", "accessories", lead.accessory)
        return {
            "place": c.text("settings", self.setting, "places", place),
            "when": rng.choice(c.lines("beats", "when", time)),
            "went": rng.choice(moves),
            "accessory": str(accessory or ""),
            "sound": rng.choice(c.lines("settings", self.setting, "sounds")),
            # Somewhere a lost thing could be ("under the mossy log"): where a search looks this page.
            "hide": rng.choice(c.lines("settings", self.setting, "hide") or ("nearby",)),
        }


def story_words(
    request: StoryRequest, actors: tuple[Actor, ...], plot: Plot, rng: random.Random
) -> StoryWords:
    """Fix the book's nouns: goal, creature, the sharing item, and what a sequel remembers."""
    c = content(request.language)
    s = request.setting
    goal = ("settings", s, "goals", plot.goal)
    creature = ("settings", s, "creatures", plot.creature)
    a_creature = c.text(*creature, "a")
    base = {
        "to": c.text("settings", s, "to"),
        "want": c.text(*goal, "want"),
        "want_short": c.lines(*goal, "want_short")[0]
        if c.lines(*goal, "want_short")
        else c.text(*goal, "want"),
        "thing": c.text(*goal, "thing"),
        "a_creature": a_creature,
        "the_creature": c.text(*creature, "the"),
        # "the young knight" → "knight" (the "a" form may go on: "a young knight in shiny armor").
        "creature_word": c.text(*creature, "the").split()[-1],
        "creature_trouble": c.text(*creature, "trouble"),
        "hint": c.text(*creature, "hint"),
        "scary": c.text("settings", s, "scary"),
        "wait": c.text("settings", s, "wait"),
        "new": c.text("settings", s, "new"),
        "item": c.lines("morals", "sharing", "items", plot.obstacle)[plot.item],
        **_remembered(c, request.previously),
    }
    return StoryWords(base, Creature(a_creature, base["the_creature"]), s, request.language)


def _remembered(c: Content, previously: str) -> dict[str, str]:
    """What a sequel can nod to: the earlier book's setting or a thing from it, if we recognise one."""
    text = f" {previously.lower()} "
    found: dict[str, str] = {}
    settings = c.files["settings"]
    for key, node in settings.items():
        if key == "props" or not isinstance(node, dict):
            continue
        to = str(node.get("to", ""))
        names = {to.lower(), to.lower().split(" ", 1)[-1], key.replace("-", " ")}
        if any(f" {n} " in text or f" {n}." in text or f" {n}," in text for n in names if n):
            found["prev"] = to
            break
    for node in settings["props"].values():
        if any(f" {w} " in text or f" {w}." in text or f" {w}," in text for w in node["words"]):
            found["prev_thing"] = str(node["the"])
            break
    return found
