"""Writes each page from its beats: picks lines that fit the reader's age, the cast and the page's word
budget, never repeats a sentence, and keeps every character named on enough pages.
"""

from __future__ import annotations

import copy
import math
import random

from engine.providers import StoryRequest
from engine.story.cast import Actor, can_talk
from engine.story.content import Content, content
from engine.story.draft import Draft
from engine.story.lines import LineChooser
from engine.story.notes import read_note
from engine.story.phrasing import Binding, Creature, Rendered
from engine.story.planner import Plot, Unit
from engine.story.slots import Slot, main_slots, tiny_slots
from engine.story.vocabulary import BANDS
from engine.story.wording import story_words

# (most words a page may hold, words we aim for) per age band: the limits, with room to spare.
BUDGETS = {"0-2": (15, 11), "3-5": (45, 28), "6-8": (90, 66), "9-12": (160, 118)}
# Pages where something has gone wrong: nobody is named in passing with a happy line there.
SAD_BEATS = frozenset({"problem", "trouble", "setback", "complication", "low"})
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
        self.note = read_note(request.note, actors, request.language, request.age_group)
        self.words.base.update(self.note.words)
        self.named_pages = dict.fromkeys(range(len(actors)), 0)
        self.quota = math.ceil(request.pages / 3)
        # A short toddler book with a big cast keeps a few words a page for naming everyone enough.
        crowded = request.pages <= 8 and self.quota * len(actors) >= request.pages
        self.crowd_room = 4 if self.band == 0 and crowded else 0
        talks = {a.index: can_talk(a.kind, request.tone, request.age_group) for a in actors}
        self.lines = LineChooser(request.language, request.age_group, talks, rng)
        self.choose = self.lines.choose
        self.choices: dict[str, int] = {}

    # --- pages -----------------------------------------------------------------------------------

    def page(self, unit: Unit, index: int, time: str, place: str, extra: list[str | Rendered]) -> Draft:
        """Write one page; ``extra`` lines (a sequel nod, the refrain) go after the beats' own lines."""
        draft = Draft()
        self.choices = {}
        # The family's note opens the book: chosen first, so the beats leave room for it.
        note = self._note_line("start", unit, time, place) if index == 0 else None
        # The note and the refrain are kept: the beats' lines get the room that is left. A page telling
        # two beats at once (a short book) needs its room for them; the refrain goes there if it fits.
        refrains = [line for line in extra if isinstance(line, Rendered)] if len(unit.beats) == 1 else []
        kept = [note, *refrains]
        reserve = sum(len(line.text.split()) for line in kept if line is not None)
        if index < self.request.pages - 1:
            reserve += self.crowd_room
        self.cap, self.target = self.cap - reserve, self.target - reserve
        try:
            self._beats(draft, unit, index, time, place)
        finally:
            self.cap, self.target = self.cap + reserve, self.target + reserve
        if note is not None:
            draft.add(note)
        for line in extra:
            self._extra(draft, line, self._binding(unit.beats[0], unit, time, place))
        for who in draft.named:
            self.named_pages[who] += 1
        return draft

    def _beats(self, draft: Draft, unit: Unit, index: int, time: str, place: str) -> None:
        for beat in unit.beats:
            binding = self._binding(beat, unit, time, place)
            draft.lead = binding.roles["A"].index if isinstance(binding.roles["A"], Actor) else 0
            slots = self._slots(beat, unit)
            # A merged page tells the earlier beat in one line, leaving a third of the page for the last.
            held = self.cap // 3 if beat != unit.beats[-1] else 0
            if held:
                slots = [next(slot for slot in slots if slot.required)]
            self.cap -= held
            try:
                self._fill(draft, slots, binding, required_only=len(unit.beats) > 1, beat=beat)
                if beat in GROUP_BEATS:
                    self._name_everyone(draft, binding, index, cheerful=beat not in SAD_BEATS)
            finally:
                self.cap += held
        if not draft.text:
            self._rescue(draft, self._binding(unit.beats[-1], unit, time, place))

    def _note_line(self, where: str, unit: Unit, time: str, place: str) -> Rendered | None:
        lines = self.note.lines(self.request.language, where, tiny=self.band == 0)
        return (
            self.choose(lines, self._binding(unit.beats[0], unit, time, place), self.cap) if lines else None
        )

    def _slots(self, beat: str, unit: Unit) -> list[Slot]:
        r = self.request
        if self.band == 0:
            actor = self.actors[unit.actor] if unit.actor is not None else None
            slots = tiny_slots(self.c, beat, self.plot, r.setting, r.moral, actor)
        else:
            slots = main_slots(self.c, beat, unit, self.plot, r, self.actors)
        end = self.note.lines(r.language, "end", tiny=self.band == 0) if beat == "lesson" else ()
        # The note's nod comes just before the book's closing words.
        return [*slots[:-1], Slot(end, required=True), slots[-1]] if end else slots

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
                self.choices[beat] = slot.lines.index(self.lines.last_template)

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
        self._name_the_rest(drafts, key)

    def _name_the_rest(self, drafts: list[Draft], key: str) -> None:
        """Crowded short books: name everyone still missing together, in one short line per page."""
        for i in sorted(range(len(drafts) - 1), key=lambda i: drafts[i].words):
            missing = tuple(
                a
                for a in self.actors
                if sum(a.index in d.named for d in drafts) < self.quota and a.index not in drafts[i].named
            )
            if not missing:
                return
            binding = Binding(self.request.language, {"X": missing[0]}, missing, self.words.base)
            lines = self.c.lines("beats", "presence", f"{key}_group")
            rendered = self.choose(lines, binding, self.cap - drafts[i].words)
            if rendered is not None:
                drafts[i].add(rendered)

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

    def _extra(self, draft: Draft, line: str | Rendered, binding: Binding) -> None:
        """A template is worded for this page; an already worded line (the refrain) is used as it is."""
        rendered = binding.render(line, self.rng) if isinstance(line, str) else copy.deepcopy(line)
        if draft.words + len(rendered.text.split()) <= self.cap:
            draft.add(rendered)

    def _name_everyone(self, draft: Draft, binding: Binding, index: int, *, cheerful: bool) -> None:
        """Name the character most at risk of appearing on too few pages (one line at most); on a sad or
        worrying page only in a quiet line ("Pip stayed close"), never a happy one."""
        remaining = self.request.pages - index
        late = [
            a
            for a in binding.group
            if a.index not in draft.named and (self.quota - self.named_pages[a.index]) * 3 >= remaining
        ]
        if not late:
            return
        key = "tiny" if self.band == 0 else "main"
        if len(late) > 1 and self.quota * len(self.actors) > self.request.pages:
            # A short book with a big cast: one line names everyone who is running out of pages.
            group = Binding(binding.language, {**binding.roles, "X": late[0]}, tuple(late), binding.words)
            lines = self.c.lines("beats", "presence", f"{key}_group")
            rendered = self.choose(lines, group, self.cap - draft.words)
            if rendered is not None:
                draft.add(rendered)
                return
        actor = min(late, key=lambda a: self.named_pages[a.index] - self.quota)
        lines = self.c.lines("beats", "presence", key)
        if self.band > 0 and cheerful:
            flavor = self.c.lines("cast", "roles", actor.role, "flavor")
            lines = flavor + lines + self.c.lines("beats", "presence", "happy")
        solo = Binding(binding.language, {**binding.roles, "X": actor}, (actor,), binding.words)
        rendered = self.choose(lines, solo, self.cap - draft.words)
        if rendered is not None:
            draft.add(rendered)

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
