"""The story's shape: what happens (goal, trouble, who tries what) and on which page.

Every book has an opening, a problem born of the setting and the moral, attempts shaped by each
character's traits, a turning point, a resolution and a lesson. Longer books add real events (a
journey, a helper, a change in the weather, a low point...), never filler. Short books merge beats.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from engine.providers import StoryRequest
from engine.story.cast import Actor, can_talk
from engine.story.content import world

ESSENTIAL = ("open", "goal", "problem", "trouble", "attempt", "turn", "resolve", "lesson")
# Pairs merged onto one page, in this order, when a book has fewer than eight pages.
MERGES = (("open", "goal"), ("problem", "trouble"), ("resolve", "lesson"), ("attempt", "turn"))
# Optional events with how much they are wanted; a little randomness lets books of the same length differ.
OPTIONAL = (
    ("attempt2", 1.0),
    ("intros", 2.0),
    ("low", 3.0),
    ("journey1", 4.0),
    ("helper", 5.0),
    ("attempt3", 6.0),
    ("complication", 7.0),
    ("setback1", 8.0),
    ("celebrate", 9.0),
    ("plan", 10.0),
    ("home", 11.0),
    ("wonder", 12.0),
    ("setback2", 13.0),
    ("journey2", 14.0),
    ("clue", 15.0),
    ("rest", 16.0),
    ("journey3", 17.0),
)
# Where each event sits in the story; problem and trouble swap for morals where trouble comes first.
ORDER = (
    "open",
    "intros",
    "goal",
    "journey1",
    "wonder",
    "journey2",
    "problem",
    "trouble",
    "plan",
    "attempt",
    "setback1",
    "helper",
    "journey3",
    "attempt2",
    "setback2",
    "complication",
    "clue",
    "attempt3",
    "rest",
    "low",
    "turn",
    "resolve",
    "celebrate",
    "home",
    "lesson",
)
# Who tries first: the brave one goes first, the watchful ones (and noses) tend to find the answer.
APPROACH_ORDER = {
    "brave": 0,
    "stomp": 1,
    "fast": 1,
    "strong": 1,
    "funny": 2,
    "cheerful": 2,
    "climb": 2,
    "dig": 2,
    "curious": 3,
    "creative": 3,
    "kind": 3,
    "fly": 3,
    "crawl": 3,
    "careful": 4,
    "clever": 4,
    "sniff": 4,
    "scan": 4,
    "glow": 4,
    "shy": 5,
}


@dataclass(frozen=True)
class Unit:
    """One page: the beats on it, in order (``("problem", "trouble")`` on a merged page)."""

    beats: tuple[str, ...]
    actor: int | None = None  # the character an intro page is about
    attempt: int | None = None  # which attempt this page tells


@dataclass(frozen=True)
class Plot:
    """Everything decided before a word is written."""

    goal: str
    obstacle: str
    prop: str
    problem: str
    learner: int
    partner: int | None
    creature: str
    item: int
    attempts: tuple[tuple[int, str], ...]
    complication: str
    places: tuple[str, ...]
    weather: str
    units: tuple[Unit, ...]


def plan(request: StoryRequest, actors: tuple[Actor, ...], rng: random.Random) -> Plot:
    """Decide the plot for a request; the same request and seed always give the same plot."""
    setting: dict[str, Any] = world()["settings"][request.setting]
    goal = rng.choice(setting["goals"])
    moral: dict[str, Any] = world()["morals"][request.moral]
    learner = _learner(actors, moral["learner"], rng, talkers=_talkers(request, actors, moral))
    others = [a.index for a in actors if a.index != learner]
    weather = str(rng.choice(setting["weather"]))
    changes = [w for w in ("windy", "rain", "snow", "cloudy") if w in setting["weather"] and w != weather]
    units = _units(request, actors, moral, rng)
    attempt_count = sum(1 for u in units if "attempt" in u.beats)
    return Plot(
        goal=str(goal["id"]),
        obstacle=str(goal["obstacle"]),
        prop=str(goal["prop"]),
        problem=rng.choice(_problem_ids(request.moral)),
        learner=learner,
        partner=rng.choice(others) if others else None,
        creature=str(rng.choice(setting["creatures"])),
        item=rng.randrange(3),
        attempts=_attempts(actors, attempt_count, rng),
        complication=rng.choice([*changes, "dark"]),
        places=tuple(rng.sample(setting["places"], len(setting["places"]))),
        weather=weather,
        units=units,
    )


def _problem_ids(moral: str) -> list[str]:
    from engine.story.content import content  # the variant ids are the same in every language

    node = content("en").node("morals", moral, "problems")
    return sorted(node) if isinstance(node, dict) else ["default"]


def _talkers(request: StoryRequest, actors: tuple[Actor, ...], moral: dict[str, Any]) -> tuple[Actor, ...]:
    """Who may learn this lesson: a lesson said out loud (sorry, thank you) needs someone who talks."""
    talkers = tuple(a for a in actors if can_talk(a.kind, request.tone, request.age_group))
    return talkers if moral.get("spoken") and talkers else actors


def _learner(
    actors: tuple[Actor, ...], prefers: list[str], rng: random.Random, talkers: tuple[Actor, ...]
) -> int:
    actors = talkers
    for role in prefers:
        fits = [a.index for a in actors if a.role == role]
        if fits:
            return rng.choice(fits)
    return rng.choice(actors).index


def _attempts(actors: tuple[Actor, ...], count: int, rng: random.Random) -> tuple[tuple[int, str], ...]:
    """Who tries, in order: by approach (brave first), the last one finds the answer."""
    if len(actors) == 1:
        actor = actors[0]
        ways = list(dict.fromkeys([actor.approach, actor.role, "careful", "clever"]))
        return tuple((actor.index, way) for way in ways[:count])
    ranked = sorted(actors, key=lambda a: (APPROACH_ORDER.get(a.approach, 3), rng.random()))
    chosen = ranked if count >= len(ranked) else [*ranked[: count - 1], ranked[-1]]
    chosen = (chosen * 2)[:count]
    return tuple((a.index, a.approach) for a in chosen)


def _units(
    request: StoryRequest, actors: tuple[Actor, ...], moral: dict[str, Any], rng: random.Random
) -> tuple[Unit, ...]:
    """Choose which events fit the page count, then lay them out in story order."""
    pages, cast = request.pages, len(actors)
    chosen: set[str] = set()
    extra = max(0, pages - len(ESSENTIAL))
    wanted = sorted(OPTIONAL, key=lambda item: item[1] + rng.uniform(0.0, 3.0))
    for name, _ in wanted:
        cost = cast - 1 if name == "intros" else 1
        if cost <= extra:
            chosen.add(name)
            extra -= cost
    order = list(ORDER)
    if moral["first"] == "trouble":
        i, j = order.index("problem"), order.index("trouble")
        order[i], order[j] = order[j], order[i]
    if moral["creature"] and "helper" in order:
        order.remove("helper")
        order.insert(order.index("resolve"), "helper")
    if rng.random() < 0.5:
        order.remove("wonder")
        order.insert(order.index("home"), "wonder")
    units: list[Unit] = []
    for name in order:
        units.extend(_expand(name, chosen, actors))
    return tuple(_merge(units, pages))


def _expand(name: str, chosen: set[str], actors: tuple[Actor, ...]) -> list[Unit]:
    if name == "open":
        if "intros" in chosen or len(actors) == 1:
            return [Unit(("intro",), actor=a.index) for a in actors]
        return [Unit(("open",))]
    if name in ESSENTIAL:
        return [Unit((name,), attempt=0 if name == "attempt" else None)]
    if name not in chosen or name == "intros":
        return []
    if name.startswith("attempt"):
        return [Unit(("attempt",), attempt=int(name[-1]) - 1)]
    if name.startswith("setback"):
        return [Unit(("setback",), attempt=int(name[-1]) - 1)]
    return [Unit((name.rstrip("123"),))]


def _merge(units: list[Unit], pages: int) -> list[Unit]:
    """Fold essential beats together until the book has exactly ``pages`` pages."""
    for first, second in MERGES:
        if len(units) <= pages:
            break
        pair = {first, second} | ({"intro"} if first == "open" else set())
        i = next(k for k, u in enumerate(units) if pair & set(u.beats))
        j = next(k for k, u in enumerate(units) if k > i and pair & set(u.beats))
        merged = Unit(units[i].beats + units[j].beats, units[i].actor, units[i].attempt)
        units[i : j + 1] = [merged]
    return units
