"""Which lines a beat may use, in order: each slot is a list of candidate templates, required or not.

The composer picks one line per slot (fitting the reader's age, the cast and the words left on the
page); this module only says where a beat's lines come from in the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.providers import StoryRequest
from engine.story.cast import Actor
from engine.story.content import Content, world
from engine.story.planner import Plot, Unit

# Beats where how the lead feels is part of the story (elsewhere it would only repeat itself: the turn and
# the resolution already say how everyone feels).
FEELING_BEATS = frozenset({"trouble", "problem", "setback", "low", "complication", "clue"})
# Beats where older readers also get a look at the place (younger pages have no room for it).
SCENERY_BEATS = frozenset({"trouble", "helper", "complication", "clue", "setback", "celebrate"})


@dataclass(frozen=True)
class Slot:
    lines: tuple[str, ...]
    required: bool = False
    who: int | None = None  # when set, {X} in these lines is this character


def _s(lines: tuple[str, ...], required: bool = False) -> Slot:
    return Slot(lines, required)


def _about(c: Content, actor: Actor, required: bool) -> Slot:
    """Lines that say who a character is: their kind's and their trait's."""
    lines = c.lines("beats", "kind_intro", actor.kind) + c.lines("cast", "roles", actor.role, "intro")
    return Slot(lines, required, actor.index)


def main_slots(
    c: Content, beat: str, unit: Unit, plot: Plot, request: StoryRequest, actors: tuple[Actor, ...]
) -> list[Slot]:
    """Slots for readers of 3 and up (past tense); readers of 6 and up also get feelings and detail."""
    slots = _main_slots(c, beat, unit, plot, request, actors)
    if request.age_group in ("6-8", "9-12"):
        if beat in FEELING_BEATS:
            slots.append(_s(c.lines("beats", "feel", str(world()["beats"][beat]["lead"][1]))))
        if beat in SCENERY_BEATS:
            # When things go wrong the place is described, but nobody skips about in it.
            acts = (
                c.lines("settings", request.setting, "acts")
                if beat in ("helper", "clue", "celebrate")
                else ()
            )
            slots.append(_s(c.lines("settings", request.setting, "details") + acts))
        more = _s(c.lines("beats", "more", beat))
        # The last page looks back first, then names the lesson, so the book ends on the lesson; an
        # attempt's held breath comes between the try and how it turned out.
        at = 0 if beat == "lesson" else 2 if beat == "attempt" and "turn" not in unit.beats else len(slots)
        slots = [*slots[:at], more, *slots[at:]]
    return slots


def _main_slots(
    c: Content, beat: str, unit: Unit, plot: Plot, request: StoryRequest, actors: tuple[Actor, ...]
) -> list[Slot]:
    setting, moral, tone = request.setting, request.moral, request.tone
    # What the place looks like, and a character doing something only this place allows.
    details = c.lines("settings", setting, "details") + c.lines("settings", setting, "acts")
    still = goal_lines(c, request.setting, plot, "still")

    def b(*keys: str) -> tuple[str, ...]:
        return c.lines("beats", *keys)

    table: dict[str, Callable[[], list[Slot]]] = {
        "open": lambda: [_s(b("open", "main"), True), *(_about(c, a, True) for a in actors)],
        "intro": lambda: _intro_slots(c, unit, actors, young=request.age_group == "3-5"),
        "goal": lambda: [_s(b("goal", "main"), True), _s(details), _s(b("goal", "react"))],
        "journey": lambda: [_s(b("journey", "main"), True), _s(details)],
        "wonder": lambda: [_s(b("wonder", "main"), True), _s(details, True)],
        "problem": lambda: [_s(c.lines("morals", moral, "problems", plot.problem, "text"), True)],
        "trouble": lambda: [_s(goal_lines(c, setting, plot, "trouble"), True), _s(b("trouble", "react"))],
        "plan": lambda: [_s(b("plan", "main"), True), _s(b("plan", "more"))],
        "setback": lambda: [
            _s(b("setback", "main") + b("setback", "more"), True),
            _s(b("setback", tone)),
            _s(still),
        ],
        "helper": lambda: [
            _s(b("helper", "main"), True),
            _s(b("helper", "hint"), True),
            _s(b("helper", "react")),
        ],
        "complication": lambda: [
            _s(b("complication", plot.complication), True),
            _s(b("complication", "react")),
        ],
        "clue": lambda: [_s(b("clue", "main"), True), _s(b("clue", "more"))],
        "rest": lambda: [_s(b("rest", "main"), True), _s(b("rest", tone)), _s(details)],
        "low": lambda: [_s(c.lines("morals", moral, "low"), True), _s(b("low", "main"))],
        "turn": lambda: [_s(c.lines("morals", moral, "turn"), True), _s(b("turn", "react"))],
        "resolve": lambda: [
            _s(goal_lines(c, setting, plot, "solved"), True),
            _s(c.lines("morals", moral, "resolve"), True),
            _s(c.lines("cast", "roles", _winner_way(plot), "win"), True),
            _s(b("resolve", "react")),
        ],
        "celebrate": lambda: [_s(b("celebrate", tone), True), _s(b("cheer", tone))],
        "home": lambda: [_s(b("home", "cozy" if tone == "cozy" else "main"), True), _s(details)],
        "lesson": lambda: [
            _s(c.lines("morals", moral, "lesson"), True),
            _s(b("closing", "cozy" if tone == "cozy" else "main"), True),
        ],
        "attempt": lambda: _attempt_slots(c, unit, plot, still),
    }
    return table[beat]()


def goal_lines(c: Content, setting: str, plot: Plot | str, key: str) -> tuple[str, ...]:
    """The goal's own lines for ``key`` plus those for its kind of trouble (lost, out of reach, broken),
    unless world.toml marks the goal as one the general lines do not fit."""
    goal_id = plot if isinstance(plot, str) else plot.goal
    goal = next(g for g in world()["settings"][setting]["goals"] if g["id"] == goal_id)
    own = c.lines("settings", setting, "goals", goal_id, key)
    return own if goal.get("own_words") else own + c.lines("beats", "obstacle", goal["obstacle"], key)


def _intro_slots(c: Content, unit: Unit, actors: tuple[Actor, ...], *, young: bool) -> list[Slot]:
    """ "Meet Mia." for the young; older readers meet a character through what they are like."""
    actor = actors[unit.actor or 0]
    first = [_s(c.lines("beats", "intro", "first"), True)] if young else []
    slots = [*first, _about(c, actor, True), _about(c, actor, False)]
    if actor.accessory != "none":
        slots.append(_s(c.lines("beats", "intro", "accessory")))
    return [*slots, _s(c.lines("beats", "intro", "friends"))]


def _winner_way(plot: Plot) -> str:
    return plot.attempts[-1][1] if plot.attempts else "kind"


def _attempt_slots(c: Content, unit: Unit, plot: Plot, still: tuple[str, ...]) -> list[Slot]:
    number = unit.attempt or 0
    way = plot.attempts[min(number, len(plot.attempts) - 1)][1]
    last = number == len(plot.attempts) - 1
    order = "lead_first" if number == 0 else "lead_last" if last else "lead_next"
    slots = [
        _s(c.lines("beats", "attempt", order)),
        _s(c.lines("cast", "roles", way, "try", plot.obstacle), True),
    ]
    if "turn" in unit.beats:
        return slots
    if last:
        # The last try gives them the clue that leads to the answer: no sigh after it.
        return [*slots, _s(c.lines("beats", "attempt", "clue"), True)]
    return [*slots, _s(still, True), _s(c.lines("beats", "attempt", "miss_react"))]


def tiny_slots(
    c: Content, beat: str, plot: Plot, setting: str, moral: str, actor: Actor | None = None
) -> list[Slot]:
    """Slots for 0-2: one or two short present-tense lines a toddler can follow."""
    sights = c.lines("settings", setting, "tiny")
    kind_tiny = c.lines("beats", "kind_tiny", actor.kind) if actor else ()

    def b(*keys: str) -> tuple[str, ...]:
        return c.lines("beats", *keys)

    table: dict[str, Callable[[], list[Slot]]] = {
        "open": lambda: [_s(b("open", "tiny"), True)],
        "intro": lambda: [_s(b("intro", "tiny"), True), _s(b("intro", "tiny_kind") + kind_tiny)],
        "goal": lambda: [_s(b("goal", "tiny"), True), _s(sights)],
        "journey": lambda: [_s(b("journey", "tiny"), True), _s(sights)],
        "wonder": lambda: [_s(b("wonder", "tiny"), True), _s(sights)],
        "problem": lambda: [_s(c.lines("morals", moral, "tiny_problem"), True)],
        "trouble": lambda: [_s(goal_lines(c, setting, plot, "tiny_trouble"), True)],
        "plan": lambda: [_s(b("plan", "tiny"), True)],
        "attempt": lambda: [
            _s(b("obstacle", plot.obstacle, "tiny_try") + b("attempt", "tiny"), True),
            _s(b("attempt", "tiny_miss")),
        ],
        "setback": lambda: [_s(b("setback", "tiny"), True)],
        "helper": lambda: [_s(b("helper", "tiny"), True)],
        "complication": lambda: [_s(b("complication", "tiny"), True)],
        "clue": lambda: [_s(b("clue", "tiny"), True)],
        "rest": lambda: [_s(b("rest", "tiny"), True)],
        "low": lambda: [_s(b("low", "tiny"), True)],
        "turn": lambda: [_s(c.lines("morals", moral, "tiny_turn"), True)],
        "resolve": lambda: [_s(goal_lines(c, setting, plot, "tiny_solved"), True), _s(b("resolve", "tiny"))],
        "celebrate": lambda: [_s(b("celebrate", "tiny"), True)],
        "home": lambda: [_s(b("home", "tiny"), True)],
        "lesson": lambda: [_s(c.lines("morals", moral, "tiny_lesson"), True), _s(b("closing", "tiny"))],
    }
    return table[beat]()
