"""Picks one line from a pool: one that fits the page's cast, suits the reader's age, says nothing the
book has already said and fits the words left on the page.

Lines are tried in a random order weighted by reading level (older readers mostly get the richer lines),
so the same book settings read differently from seed to seed.
"""

from __future__ import annotations

import random

from engine.catalog import AgeGroup, Language
from engine.story.cast import Actor
from engine.story.draft import sentences
from engine.story.phrasing import Binding, Rendered, needs, shorten, tag_first
from engine.story.vocabulary import BANDS, level

# Longest sentence before it is split at ", and" / ", but" (none for 9-12, who read longer sentences).
SPLIT_OVER = {"0-2": 6, "3-5": 8, "6-8": 10}
# How strongly each band prefers lines of each level: older readers mostly get the richer lines.
LEVEL_WEIGHTS: dict[int, dict[int, float]] = {
    0: {0: 1.0, 1: 1.0},
    1: {0: 1.0, 1: 1.0},
    2: {0: 0.5, 1: 1.0, 2: 3.0},
    3: {0: 0.1, 1: 0.3, 2: 1.5, 3: 5.0},
}
# Which lines fit a kind of page (see LineChooser._fitting): the same for every book, so shared; a few
# thousand small entries at most (pools x kinds of page).
_FIT_CACHE: dict[tuple[object, ...], list[tuple[str, float]]] = {}


class LineChooser:
    """Chooses the lines of one book, remembering every sentence said so none is said twice."""

    def __init__(self, language: Language, age_group: AgeGroup, talks: dict[int, bool], rng: random.Random):
        self.language, self.age_group, self.talks, self.rng = language, age_group, talks, rng
        self.band = BANDS.index(age_group)
        self.used: set[str] = set()
        self.last_template = ""
        self.template_uses: dict[str, int] = {}

    def choose(
        self, lines: tuple[str, ...], binding: Binding, room: int, *, force: bool = False
    ) -> Rendered | None:
        """The first line, in a level-weighted random order, that fits, is new, and is short enough."""
        fitting = self._fitting(lines, binding)
        keyed = [(self.rng.random() ** (1.0 / self._weight(t, w)), t) for t, w in fitting]
        ranked = [t for _, t in sorted(keyed, reverse=True)]
        # Forced (the lesson must be said): first a line that fits and repeats nothing, then one that fits,
        # and only when no line fits the page at all, the shortest.
        passes = ("new", "fits", "any") if force else ("new",)
        shortest: tuple[int, str, Rendered] | None = None
        for allowed in passes:
            for template in ranked:
                rendered = self._worded(template, binding)
                said = sentences(rendered.text)
                repeats = len(set(said)) < len(said) or any(s in self.used for s in said)
                length = len(rendered.text.split())
                if shortest is None or length < shortest[0]:
                    shortest = (length, template, rendered)
                if (allowed == "new" and repeats) or (allowed != "any" and length > room):
                    continue
                if allowed == "any":
                    _, template, rendered = shortest
                return self._use(template, rendered)
        return None

    def _worded(self, template: str, binding: Binding) -> Rendered:
        rendered = binding.render(template, self.rng)
        if self.age_group in SPLIT_OVER:
            rendered.text = shorten(rendered.text, SPLIT_OVER[self.age_group], self.language)
            if self.language == "en":
                rendered.text = tag_first(rendered.text)
                # '“Let me try,” Mia said.' became 'Mia said, “Let me try.”': the quote ends differently now.
                rendered.dialogue = [
                    (who, f"{said[:-1]}." if said.endswith(",") and said not in rendered.text else said)
                    for who, said in rendered.dialogue
                ]
        return rendered

    def _use(self, template: str, rendered: Rendered) -> Rendered:
        self.used.update(sentences(rendered.text))
        self.last_template = template
        self.template_uses[template] = self.template_uses.get(template, 0) + 1
        return rendered

    def _fitting(self, lines: tuple[str, ...], binding: Binding) -> list[tuple[str, float]]:
        """The lines this page can use, with their weight by reading level (cached per kind of page)."""
        key = (lines, self.language, self.band, self._signature(binding))
        cached = _FIT_CACHE.get(key)
        if cached is None:
            fitting = [t for t in lines if self._fits(t, binding)]
            language = self.language
            if self.band > 0 and fitting:
                allowed = max(min(level(t, language) for t in fitting), self.band)
                fitting = [t for t in fitting if level(t, language) <= allowed]
            weights = LEVEL_WEIGHTS[self.band]
            cached = [(t, weights.get(level(t, language), 0.05)) for t in fitting]
            _FIT_CACHE[key] = cached
        return cached

    def _signature(self, binding: Binding) -> tuple[object, ...]:
        """What decides whether a line fits: which roles are on the page, who talks, a group or not."""
        roles = binding.roles
        talkers = tuple(r for r, who in roles.items() if isinstance(who, Actor) and self.talks[who.index])
        return (tuple(roles), talkers, isinstance(roles.get("O"), Actor), len(binding.group) >= 2)

    def _weight(self, template: str, weight: float) -> float:
        """Richer lines for older readers; a line already used in this book is much less likely."""
        return weight * (0.1 if self.template_uses.get(template) else 1.0)

    def _fits(self, template: str, binding: Binding) -> bool:
        need = needs(template, self.language)
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
