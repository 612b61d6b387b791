"""Memory Maker's own story writer: no network, deterministic for a seed, measured for each age.

>>> from engine.models import CharacterSpec
>>> from engine.providers import StoryRequest
>>> request = StoryRequest(cast=(CharacterSpec(name="Mia", kind="girl", traits=("brave",)),),
...     age_group="3-5", tone="cozy", moral="sharing", setting="seaside", pages=6, seed=7)
>>> len(OfflineWriter().write(request).story.pages)
6
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from engine.catalog import Camera, Mood, Pose, TimeOfDay, Weather
from engine.models import Dialogue, Story, StoryPage
from engine.providers import StoryRequest, Usage, WrittenStory
from engine.story.cast import Actor
from engine.story.composer import Composer
from engine.story.content import content, world
from engine.story.draft import Draft
from engine.story.phrasing import Binding, Rendered
from engine.story.planner import Plot, Unit, plan
from engine.story.scenes import bedtime, build_scene, pose_for
from engine.story.titles import make_title, summary

YOUNG_BANDS = frozenset({"0-2", "3-5"})


class OfflineWriter:
    """Writes a whole picture book from rules and data files in a few milliseconds."""

    name = "offline"
    model = "memory-maker-writer-1"
    languages = ("en", "es")  # what this writer can write; other languages need the OpenAI writer

    def write(self, request: StoryRequest) -> WrittenStory:
        rng = random.Random(request.seed)
        actors = tuple(Actor.from_spec(i, spec, request.language) for i, spec in enumerate(request.cast))
        plot = plan(request, actors, rng)
        book = _Book(request, actors, plot, rng)
        drafts = [book.draft(i, unit) for i, unit in enumerate(plot.units)]
        book.composer.name_everyone_enough([d for d, _ in drafts])
        pages = tuple(
            book.page(draft, unit, look) for (draft, look), unit in zip(drafts, plot.units, strict=True)
        )
        said = book.refrain.text if book.refrain else None
        refrain = said if said and any(said in p.text for p in pages) else None
        story = Story(
            title=make_title(request, actors, plot, rng),
            pages=pages,
            refrain=refrain,
            summary=summary(
                request, actors, plot, book.composer.words.base, book.composer.words.creature, rng
            ),
            beats=tuple(book.beats),
        )
        usage = Usage(
            what="story", provider=self.name, model=self.model, units=sum(len(p.text) for p in pages)
        )
        return WrittenStory(story=story, usage=(usage,))


@dataclass(frozen=True)
class _Look:
    place: str
    time: TimeOfDay
    weather: Weather
    camera: Camera


class _Book:
    """The running state of one book: the clock, the weather, where we are, and the beats so far."""

    def __init__(self, request: StoryRequest, actors: tuple[Actor, ...], plot: Plot, rng: random.Random):
        self.request, self.actors, self.plot, self.rng = request, actors, plot, rng
        self.composer = Composer(request, actors, plot, rng)
        self.times: list[TimeOfDay] = list(world()["tones"][request.tone]["times"])
        self.weather: Weather = plot.weather  # type: ignore[assignment]  # from the setting's weather list
        self.dark = False
        self.place = 0
        self.cameras: list[Camera] = []
        self.beats: list[str] = []
        # A short toddler book with a big cast needs its few words for everyone's names, not a refrain.
        wanted = request.age_group in YOUNG_BANDS and not self.composer.crowd_room
        self.refrain = self._refrain() if wanted else None

    def _refrain(self) -> Rendered:
        """The book's own refrain: picked and worded once (its choices and the hero's name fixed), so the
        same words come back on every refrain page and the next book has its own."""
        request, hero = self.request, self.actors[0]
        template = self.rng.choice(content(request.language).lines("beats", "refrains", request.tone))
        binding = Binding(request.language, {"A": hero, "X": hero}, self.actors, self.composer.words.base)
        return binding.render(template, self.rng)

    def draft(self, index: int, unit: Unit) -> tuple[Draft, _Look]:
        """Write one page's text and fix how its picture looks (place, time, weather, camera)."""
        time = self._time(index)
        self._move(unit)
        place = self.plot.places[self.place]
        draft = self.composer.page(unit, index, time, place, self._extras(index, unit))
        if "complication" in unit.beats:
            self._complicate()
        self.beats.extend(self._beat_ids(unit, place))
        return draft, _Look(place, self._time(index), self.weather, self._camera(unit.beats[-1]))

    def page(self, draft: Draft, unit: Unit, look: _Look) -> StoryPage:
        """The finished page: its text, dialogue and the scene the illustrator draws."""
        scene = build_scene(
            setting=self.request.setting,
            place=look.place,
            time=look.time,
            weather=look.weather,
            camera=look.camera,
            text=draft.text,
            language=self.request.language,
            cast=self._cast(unit, draft, look.time),
        )
        dialogue = tuple(Dialogue(speaker=who, text=said) for who, said in draft.dialogue)
        return StoryPage(text=draft.text, scene=scene, dialogue=dialogue)

    def _time(self, index: int) -> TimeOfDay:
        time = self.times[min(len(self.times) - 1, index * len(self.times) // self.request.pages)]
        order: list[TimeOfDay] = ["morning", "day", "afternoon", "evening", "night"]
        if self.dark and order.index(time) < order.index("evening"):
            return "evening"
        return time

    def _move(self, unit: Unit) -> None:
        """Journeys and new troubles move the story on to the next place; home goes back."""
        if unit.beats[0] in ("journey", "trouble", "helper") and self.place < len(self.plot.places) - 1:
            self.place += 1
        elif unit.beats[0] == "home":
            self.place = 0

    def _complicate(self) -> None:
        if self.plot.complication == "dark":
            self.dark = True
        else:
            self.weather = self.plot.complication  # type: ignore[assignment]  # a Weather value

    def _extras(self, index: int, unit: Unit) -> list[str | Rendered]:
        """A sequel nod on the first page; the refrain on a few pages for the youngest readers."""
        c = content(self.request.language)
        extras: list[str | Rendered] = []
        if index == 0 and self.request.previously.strip():
            words = self.composer.words.base
            key = "setting" if "prev" in words else "thing" if "prev_thing" in words else "plain"
            key = "tiny" if self.request.age_group == "0-2" else key
            extras.append(self.rng.choice(c.lines("beats", "nod", key)))
        if self.refrain and self._refrain_page(index):
            extras.append(self.refrain)
        return extras

    def _refrain_page(self, index: int) -> bool:
        last = self.request.pages - 1
        # Three times in a book (four in long toddler books): often enough to be waited for.
        fourth = (2 * last) // 3 if self.request.age_group == "0-2" and last >= 15 else None
        return index in (1, self.request.pages // 2, last - 1, fourth)

    def _camera(self, beat: str) -> Camera:
        options: list[Camera] = list(world()["beats"][beat]["camera"])
        if len(self.cameras) >= 2 and self.cameras[-1] == self.cameras[-2] and len(options) > 1:
            options = [o for o in options if o != self.cameras[-1]] or options
        camera = self.rng.choice(options)
        self.cameras.append(camera)
        return camera

    def _cast(self, unit: Unit, draft: Draft, time: TimeOfDay) -> list[tuple[Actor, Pose, Mood]]:
        beat = unit.beats[-1]
        approach = None
        if "attempt" in unit.beats and self.plot.attempts:
            approach = self.plot.attempts[min(unit.attempt or 0, len(self.plot.attempts) - 1)][1]
        cast: list[tuple[Actor, Pose, Mood]] = []
        # A one-character book is about them on every page, even where the words only say "Oops!".
        present = draft.mentioned | ({0} if len(self.actors) == 1 else set())
        for who in sorted(present):
            actor = self.actors[who]
            pose, mood = pose_for(actor, beat, who == draft.lead, approach)
            if bedtime(self.request.tone, time, beat):
                pose, mood = "sleeping", "sleepy"
            cast.append((actor, pose, mood))
        return cast

    def _beat_ids(self, unit: Unit, place: str) -> list[str]:
        p, r = self.plot, self.request
        detail: dict[str, Callable[[], str]] = {
            "intro": lambda: self.actors[unit.actor or 0].role,
            "goal": lambda: p.goal,
            "journey": lambda: place,
            "problem": lambda: f"{r.moral}/{p.problem}",
            "trouble": lambda: f"{p.obstacle}@{place}",
            "attempt": lambda: p.attempts[min(unit.attempt or 0, len(p.attempts) - 1)][1],
            "helper": lambda: p.creature,
            "complication": lambda: p.complication,
            "turn": lambda: r.moral,
            "resolve": lambda: p.attempts[-1][1] if p.attempts else "",
            "celebrate": lambda: r.tone,
            "lesson": lambda: r.moral,
        }
        ids = []
        for beat in unit.beats:
            choice = self.composer.choices.get(beat)
            tail = f"#{choice}" if choice is not None else ""
            ids.append(f"{beat}:{detail[beat]()}{tail}" if beat in detail else f"{beat}{tail}")
        return ids
