"""New story page: pick the cast and the kind of story, then start making the book in the background."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import gradio as gr

from engine import StorySettings, Studio, User
from engine.catalog import LANGUAGE_NAMES, AgeGroup, ArtStyle, Moral, Setting, Tone, choices, label
from engine.models import MAX_CAST, MAX_PAGES, MIN_PAGES
from ui.common import friendly_errors, signed_in, status_html

AGE_LABELS = {"0-2": "Babies and toddlers (0–2)", "3-5": "Little ones (3–5)", "6-8": "Early readers (6–8)"}
AGE_LABELS |= {"9-12": "Confident readers (9–12)"}
NO_CAST = "First create a character or two on the Characters tab."


def options(literal: object) -> list[tuple[str, str]]:
    return [(label(v), v) for v in choices(literal)]


@dataclass(frozen=True)
class StoryPage:
    outputs: tuple[gr.components.Component, ...]

    def fill(self, studio: Studio, user: User) -> list[Any]:
        return cast_choices(studio, user)

    def clear(self) -> list[Any]:
        return [gr.update(choices=[], value=[]), gr.update(visible=True)]


def languages(studio: Studio) -> list[tuple[str, str]]:
    """The languages the configured storyteller writes (the built-in one: English and Spanish)."""
    written = getattr(studio.providers.writer, "languages", None)
    codes = [c for c in LANGUAGE_NAMES if written is None or c in written]
    return [(LANGUAGE_NAMES[c], c) for c in codes]


def cast_choices(studio: Studio, user: User) -> list[Any]:
    cast = studio.characters.list(user)
    note = gr.update(visible=not cast)
    return [gr.update(choices=[(c.name, c.id) for c in cast], value=[]), note]


def build(studio: Studio, tab: gr.Tab, open_book: gr.State, tabs: gr.Tabs) -> StoryPage:
    gr.HTML("<h2>Make a new story</h2>", js_on_load=None)
    cast_note = gr.HTML(status_html(NO_CAST), js_on_load=None)
    cast = gr.CheckboxGroup([], label=f"Who is in the story? (pick 1 to {MAX_CAST})", elem_id="mm-story-cast")
    with gr.Row():
        age = gr.Dropdown(
            [(AGE_LABELS.get(v, v), v) for v in choices(AgeGroup)],
            value="3-5",
            label="Reader's age",
            min_width=240,
        )
        pages = gr.Slider(
            MIN_PAGES, MAX_PAGES, value=8, step=1, label="Number of pages", elem_id="mm-pages", min_width=240
        )
    with gr.Row():
        tone = gr.Dropdown(options(Tone), value="cozy", label="Tone", min_width=240)
        moral = gr.Dropdown(options(Moral), value="kindness", label="What it teaches", min_width=240)
    with gr.Row():
        setting = gr.Dropdown(options(Setting), value="forest", label="Where it happens", min_width=240)
        style = gr.Dropdown(options(ArtStyle), value="watercolor", label="Art style", min_width=240)
    spoken = languages(studio)
    with gr.Row():
        language = gr.Dropdown(
            spoken,
            value="en",
            label="Language of the story",
            visible=len(spoken) > 1,
            min_width=240,
            elem_id="mm-story-language",
        )
        note = gr.Textbox(
            label="Anything special to include? (optional)",
            placeholder="Grandma's birthday, a lost tooth, a first day at school…",
            max_length=300,
            lines=2,
            min_width=240,
        )
    generate = gr.Button("Make my book", variant="primary", size="lg", elem_id="mm-generate")
    message = gr.HTML(js_on_load=None, elem_id="mm-story-note")

    @friendly_errors
    def refresh(request: gr.Request) -> list[Any]:
        return cast_choices(studio, signed_in(studio, request))

    @friendly_errors
    def start(
        picked: list[int],
        age: str,
        pages: float,
        tone: str,
        moral: str,
        setting: str,
        style: str,
        language: str,
        note: str,
        request: gr.Request,
    ) -> list[Any]:
        user = signed_in(studio, request)
        if not picked:
            return [gr.skip(), gr.skip(), status_html("Please pick at least one character.", "error")]
        settings = StorySettings.model_validate(
            {
                "character_ids": tuple(int(i) for i in picked),
                "age_group": age,
                "pages": int(pages),
                "tone": tone,
                "moral": moral,
                "setting": setting,
                "style": style,
                "language": language,
                "note": note or "",
            }
        )
        job = studio.books.start(user, settings)
        opened = {"book_id": job.book_id, "at": time.time_ns()}
        return [opened, gr.Tabs(selected="book"), ""]

    tab.select(refresh, None, [cast, cast_note], api_name="story_cast", api_visibility="undocumented")
    generate.click(
        start,
        [cast, age, pages, tone, moral, setting, style, language, note],
        [open_book, tabs, message],
        api_name="story_start",
        api_visibility="undocumented",
    )
    return StoryPage(outputs=(cast, cast_note))
