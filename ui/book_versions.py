"""More from one book: draw it again in another art style, remake it with other providers, or start the
next adventure in its series. Each makes a new book that opens at once and fills in as it is made; the
original stays in the library as it was.
"""

from __future__ import annotations

import time
from typing import Any

import gradio as gr

from engine import JobView, Studio
from engine.catalog import ArtStyle, Setting, choices, label
from ui.common import friendly_errors, signed_in

PROVIDER_NAMES = {"offline": "The built-in storyteller and artist (free, offline)", "openai": "OpenAI"}


def opened(job: JobView) -> list[Any]:
    """Open the new book (its progress shows on the Book page) and tell the library it has a new book."""
    return [{"book_id": job.book_id, "at": time.time_ns()}, time.time_ns()]


def build(studio: Studio, book_id: gr.State, open_book: gr.State, library_changed: gr.State) -> None:
    sets = list(studio.provider_sets)
    with gr.Accordion("Make more from this book", open=False, elem_id="mm-more"):
        gr.HTML(
            "<p>Each makes a new book. This one stays in your library just as it is.</p>", js_on_load=None
        )
        with gr.Row(elem_classes="mm-inline"):
            style = gr.Dropdown(
                [(label(s), s) for s in choices(ArtStyle)],
                value="crayon",
                label="Draw the same story in another art style",
                scale=3,
                elem_id="mm-restyle-style",
            )
            restyle = gr.Button("Draw it again", scale=1, min_width=170, elem_id="mm-restyle")
        with gr.Row(elem_classes="mm-inline"):
            where = gr.Dropdown(
                [("The same place", ""), *((label(s), s) for s in choices(Setting))],
                value="",
                label="Next adventure, with the same characters: where does it happen?",
                scale=3,
                elem_id="mm-next-setting",
            )
            sequel = gr.Button(
                "Start the next adventure", scale=1, min_width=170, elem_id="mm-next-adventure"
            )
        with gr.Row(elem_classes="mm-inline", visible=len(sets) > 1):
            remake_with = gr.Dropdown(
                [(PROVIDER_NAMES.get(s, s), s) for s in sets],
                value=sets[-1],
                label="Write and draw the whole book again with",
                scale=3,
                elem_id="mm-rebuild-providers",
            )
            remake = gr.Button("Make it again", scale=1, min_width=170, elem_id="mm-rebuild")

    @friendly_errors
    def restyle_book(book: int | None, chosen: str, request: gr.Request) -> list[Any]:
        user = signed_in(studio, request)
        if book is None:
            return [gr.skip(), gr.skip()]
        return opened(studio.books.restyle(user, book, chosen))  # type: ignore[arg-type]  # engine checks it

    @friendly_errors
    def next_adventure(book: int | None, setting: str, request: gr.Request) -> list[Any]:
        user = signed_in(studio, request)
        if book is None:
            return [gr.skip(), gr.skip()]
        changes = {"setting": setting} if setting else {}
        return opened(studio.books.next_adventure(user, book, **changes))

    @friendly_errors
    def rebuild_book(book: int | None, providers: str, request: gr.Request) -> list[Any]:
        user = signed_in(studio, request)
        if book is None:
            return [gr.skip(), gr.skip()]
        return opened(studio.books.rebuild(user, book, providers=providers))

    private: dict[str, Any] = {"api_visibility": "undocumented"}
    targets = [open_book, library_changed]
    restyle.click(restyle_book, [book_id, style], targets, api_name="book_restyle", **private)
    sequel.click(next_adventure, [book_id, where], targets, api_name="book_next_adventure", **private)
    remake.click(rebuild_book, [book_id, remake_with], targets, api_name="book_rebuild", **private)
