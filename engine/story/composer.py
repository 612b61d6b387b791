"""Writes each page from its beats: picks lines that fit the reader's age, the cast and the page's word
budget, never repeats a sentence, and keeps every character named on enough pages.
"""

from __future__ import annotations

import math
import random

from engine.providers import StoryRequest
from engine.story.cast import Actor, can_talk
from engine.story.content import Content, content
from engine.story.draft import Draft, sentences
from engine.story.phrasing import Binding, Creature, Rendered, needs, shorten, tag_first
from engine.story.planner import Plot, Unit
from engine.story.slots import Slot, main_slots, tiny_slots
from engine.story.vocabulary import BANDS, level
from engine.story.wording import story_words

# Longest sentence before it is split at ", and" / ", but" (none for 9-12, who read longer sentences).
SPLIT_OVER = {"0-2": 6, "3-5": 6, "6-8": 10}
# (most words a page may hold, words we aim for) per age band: the limits, with room to spare.
BUDGETS = {"0-2": (15, 11), "3-5": (45, 28), "6-8": (90, 66), "9-12": (160, 118)}
# How strongly each band prefers lines of each level: older readers mostly get the richer lines.
LEVEL_WEIGHTS: dict[int, dict[int, float]] = {
    0: {0: 1.0, 1: 1.0},
    1: {0: 1.0, 1: 1.0},
    2: {0: 0.5, 1: 1.0, 2: 3.0},
    3: {0: 0.1, 1: 0.3, 2: 1.5, 3: 5.0},
}
# Pages about everyone, where a character who has been named too rarely can be named in passing.
GROUP_BEATS = frozenset(
    {
        "open",
        "goal",
        "journey",
        "wonder",
        "problem",
        "trouble",
        "plan",
        "helper",
        "complication",
        "clue",
        "rest",
        "home",
        "setback",
    }
)


class Composer:
    """Writes the pages of one book in order, remembering what has been said."""

    def __init__(self, request: StoryRequest, actors: tuple[Actor, ...], plot: Plot, rng: random.Random):
        self.request, self.actors, self.plot, self.rng = request, actors, plot, rng
        self.c: Content = content(request.language)
        self.band = BANDS.index(request.age_group)
        self.cap, self.target = BUDGETS[request.age_group]
        self.words = story_words(request, actors, plot, rng)
        self.used: set[str] = set()
        self.named_pages = dict.fromkeys(range(len(actors)), 0)
        self.quota = math.ceil(request.pages / 3)
        self.talks = {a.index: can_talk(a.kind, request.tone, request.age_group) for a in actors}
        self.choices: dict[str, int] = {}
        self.last_template = ""
        self.template_uses: dict[str, int] = {}

    # --- pages -----------------------------------------------------------------------------------

    def page(self, unit: Unit, index: int, time: str, place: str, extra: list[str]) -> Draft:
        """Write one page; ``extra`` lines (a sequel nod, the refrain) go after the beats' own lines."""
        draft = Draft()
        self.choices = {}
        for beat in unit.beats:
            binding = self._binding(beat, unit, time, place)
            draft.lead = binding.roles["A"].index if isinstance(binding.roles["A"], Actor) else 0
            slots = self._slots(beat, unit)
            if beat != unit.beats[-1]:
                # A merged page tells the earlier beat in one line, leaving room for the last.
                slots = [next(slot for slot in slots if slot.required)]
            self._fill(draft, slots, binding, required_only=len(unit.beats) > 1, beat=beat)
            if beat in GROUP_BEATS:
                self._name_everyone(draft, binding, index)
        if not draft.text:
            self._rescue(draft, self._binding(unit.beats[-1], unit, time, place))
        for line in extra:
            self._extra(draft, line, self._binding(unit.beats[0], unit, time, place))
        for who in draft.named:
            self.named_pages[who] += 1
        return draft

    def _slots(self, beat: str, unit: Unit) -> list[Slot]:
        r = self.request
        if self.band == 0:
            return tiny_slots(self.c, beat, self.plot, r.setting, r.moral)
        return main_slots(self.c, beat, unit, self.plot, r, self.actors)

    def _fill(
        self, draft: Draft, slots: list[Slot], binding: Binding, *, required_only: bool, beat: str
    ) -> None:
        for slot in slots:
            if not slot.required and (required_only or draft.words >= self.target):
                continue
            room = self.cap - draft.words
            if slot.who is not None:
                actor = self.actors[slot.who]
                binding = Binding(binding.language, {**binding.roles, "X": actor}, (actor,), binding.words)
            main_event = slot.required and beat not in self.choices
            # The lesson is never left out: if every line was used, the book may say it again.
            rendered = self.choose(slot.lines, binding, room)
            if rendered is None and main_event and beat == "lesson":
                rendered = self.choose(slot.lines, binding, room, force=True)
            if rendered is None:
                continue
            draft.add(rendered)
            if main_event:
                # Which version of the beat's main event happened: part of the plot's fingerprint.
                self.choices[beat] = slot.lines.index(self.last_template)

    def name_everyone_enough(self, drafts: list[Draft]) -> None:
        """Make sure every character is named on at least a third of the pages (short books need it)."""
        key = "tiny" if self.band == 0 else "main"
        for actor in self.actors:
            missing = self.quota - sum(actor.index in d.named for d in drafts)
            # Pages where they already are (but unnamed) first, then the others; never the last page.
            order = sorted(
                range(len(drafts) - 1),
                key=lambda i: (actor.index not in drafts[i].mentioned, drafts[i].words),
            )
            for i in order:
                if missing <= 0:
                    break
                if actor.index in drafts[i].named:
                    continue
                binding = Binding(self.request.language, {"X": actor}, (actor,), self.words.base)
                rendered = self.choose(
                    self.c.lines("beats", "presence", key), binding, self.cap - drafts[i].words
                )
                if rendered is not None:
                    drafts[i].add(rendered)
                    missing -= 1

    def _rescue(self, draft: Draft, binding: Binding) -> None:
        """A page whose lines were all used up gets a fresh look at the setting or at its lead."""
        key = "tiny" if self.band == 0 else "main"
        pools = (
            self.c.lines("beats", "setback", "more") if key == "main" else (),
            self.c.lines("settings", self.request.setting, "details" if key == "main" else "tiny"),
            self.c.lines("beats", "presence", key),
            self.c.lines("settings", self.request.setting, "sounds"),
        )
        for lines in pools:
            rendered = self.choose(lines, binding, self.cap)
            if rendered is not None:
                draft.add(rendered)
                return

    def _extra(self, draft: Draft, line: str, binding: Binding) -> None:
        rendered = binding.render(line, self.rng)
        if draft.words + len(rendered.text.split()) <= self.cap:
            draft.add(rendered)

    def _name_everyone(self, draft: Draft, binding: Binding, index: int) -> None:
        """Name the character most at risk of appearing on too few pages (one line at most)."""
        remaining = self.request.pages - index
        late = [
            a
            for a in binding.group
            if a.index not in draft.named and (self.quota - self.named_pages[a.index]) * 2 >= remaining
        ]
        if not late:
            return
        actor = min(late, key=lambda a: self.named_pages[a.index] - self.quota)
        lines = self.c.lines("beats", "presence", "tiny" if self.band == 0 else "main")
        if self.band > 0:
            lines = self.c.lines("cast", "roles", actor.role, "flavor") + lines
        solo = Binding(binding.language, {**binding.roles, "X": actor}, (actor,), binding.words)
        rendered = self.choose(lines, solo, self.cap - draft.words)
        if rendered is not None:
            draft.add(rendered)

    # --- choosing a line -------------------------------------------------------------------------

    def choose(
        self, lines: tuple[str, ...], binding: Binding, room: int, *, force: bool = False
    ) -> Rendered | None:
        """The first line, in a level-weighted random order, that fits, is new, and is short enough."""
        fitting = [t for t in lines if self._fits(t, binding)]
        if self.band > 0 and fitting:
            floor = min(level(t, self.request.language) for t in fitting)
            allowed = max(floor, self.band)
            fitting = [t for t in fitting if level(t, self.request.language) <= allowed]
        weights = LEVEL_WEIGHTS[self.band]
        keyed = [(self.rng.random() ** (1.0 / self._weight(t, weights)), t) for t in fitting]
        for _, template in sorted(keyed, reverse=True):
            rendered = binding.render(template, self.rng)
            if self.request.age_group in SPLIT_OVER:
                rendered.text = shorten(
                    rendered.text, SPLIT_OVER[self.request.age_group], self.request.language
                )
                if self.request.language == "en":
                    rendered.text = tag_first(rendered.text)
            said = sentences(rendered.text)
            if not force and (len(rendered.text.split()) > room or any(s in self.used for s in said)):
                continue
            self.used.update(said)
            self.last_template = template
            self.template_uses[template] = self.template_uses.get(template, 0) + 1
            return rendered
        return None

    def _weight(self, template: str, weights: dict[int, float]) -> float:
        """Richer lines for older readers; a line already used in this book is much less likely."""
        weight = weights.get(level(template, self.request.language), 0.05)
        return weight * (0.1 if self.template_uses.get(template) else 1.0)

    def _fits(self, template: str, binding: Binding) -> bool:
        need = needs(template, self.request.language)
        if not need.roles <= binding.roles.keys():
            return False
        if need.group and len(binding.group) < 2:
            return False
        if need.cast_partner and not isinstance(binding.roles.get("O"), Actor):
            return False
        for speaker in need.speakers:
            who = binding.roles[speaker]
            if not isinstance(who, Actor) or not self.talks[who.index]:
                return False
        return True

    # --- who is who on a page --------------------------------------------------------------------

    def _binding(self, beat: str, unit: Unit, time: str, place: str) -> Binding:
        plot, actors = self.plot, self.actors
        roles: dict[str, Actor | Creature] = {"L": actors[plot.learner], "O": self.words.creature}
        if plot.partner is not None:
            roles["P"] = roles["O"] = actors[plot.partner]
        if plot.attempts:
            roles["W"] = actors[plot.attempts[-1][0]]
        group = self._group(beat, unit)
        lead, second = self._leads(beat, unit, group)
        roles["A"] = roles["X"] = lead
        if second is not None:
            roles["B"] = roles["Y"] = second
        words = {**self.words.base, **self.words.for_page(time, place, lead, group, self.rng)}
        return Binding(self.request.language, roles, group, words)

    def _group(self, beat: str, unit: Unit) -> tuple[Actor, ...]:
        actors = self.actors
        if beat == "intro" and unit.actor is not None:
            return (actors[unit.actor],)
        if beat == "attempt":
            return self._pair(self._attempter(unit))
        if beat == "turn":
            return self._pair(self.plot.learner, self.plot.partner)
        if beat == "low":
            return (actors[self.plot.learner],)
        return actors

    def _pair(self, first: int, second: int | None = None) -> tuple[Actor, ...]:
        """A character and one other (the partner, or whoever has been named least)."""
        if second is None:
            rest = [a for a in self.actors if a.index != first]
            rest.sort(key=lambda a: (self.named_pages[a.index], self.rng.random()))
            second = rest[0].index if rest else None
        return (self.actors[first],) if second is None else (self.actors[first], self.actors[second])

    def _attempter(self, unit: Unit) -> int:
        attempts = self.plot.attempts
        return attempts[min(unit.attempt or 0, len(attempts) - 1)][0]

    def _leads(self, beat: str, unit: Unit, group: tuple[Actor, ...]) -> tuple[Actor, Actor | None]:
        """The page's lead (fixed by the beat, or whoever has been named least) and a second."""
        actors = self.actors
        fixed = {"problem": self.plot.learner, "low": self.plot.learner, "turn": self.plot.learner}
        if beat == "resolve" and self.plot.attempts:
            fixed["resolve"] = self.plot.attempts[-1][0]
        if beat in ("intro", "attempt") or len(group) == 1:
            fixed[beat] = group[0].index
        ranked = sorted(actors, key=lambda a: (self.named_pages[a.index], self.rng.random()))
        lead = actors[fixed[beat]] if beat in fixed else ranked[0]
        others = [a for a in group if a.index != lead.index] or [a for a in ranked if a.index != lead.index]
        return lead, (others[0] if others else None)
