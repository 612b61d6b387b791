"""Library page: the family's books as covers, newest first; choosing one (or its title) opens it.

Covers come a shelf at a time (``SHELF`` books, "Show more books" for the next), so a family with hundreds
of books gets a quick page on a phone; every title is in the finder. Captions say which books belong to a
series ("Book 2 of the Sal's Kite series"), which are new versions of another, and how far a book still
being made has got.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import gradio as gr

from engine import BookSummary, Studio, User
from ui.book_labels import captions
from ui.common import friendly_errors, image_url, picture_grid, placeholder_url, signed_in, status_html

SHELF = 24
EMPTY_NOTE = "No books yet. Make your first one on the New story tab!"


def shelf(books: list[BookSummary], request: gr.Request, count: int = SHELF) -> list[Any]:
    """Covers of the newest ``count`` books, their ids, how many are shown, the finder, "more", the hint."""
    shown = books[:count]
    named = captions(books)
    items = [
        (image_url(request, b.cover_image_id) if b.cover_image_id else placeholder_url(request), named[b.id])
        for b in shown
    ]
    finder = gr.update(choices=[(named[b.id], b.id) for b in books], value=None, visible=len(books) > 1)
    more = gr.update(visible=len(books) > len(shown))
    hint = gr.update(visible=not books)
    return [
        gr.update(value=items, visible=bool(items)),
        [b.id for b in shown],
        len(shown),
        finder,
        more,
        hint,
    ]


def opened(book_id: int) -> list[Any]:
    return [{"book_id": book_id, "at": time.time_ns()}, gr.Tabs(selected="book")]


@dataclass(frozen=True)
class LibraryPage:
    outputs: tuple[gr.components.Component, ...]
    refresh_on: gr.State

    def fill(self, studio: Studio, user: User, request: gr.Request) -> list[Any]:
        return shelf(studio.books.list(user), request)

    def clear(self) -> list[Any]:
        hidden = gr.update(visible=False)
        finder = gr.update(choices=[], value=None, visible=False)
        return [gr.update(value=[], visible=False), [], 0, finder, hidden, gr.update(visible=True)]


def build(studio: Studio, tab: gr.Tab, open_book: gr.State, tabs: gr.Tabs) -> LibraryPage:
    ids, count = gr.State([]), gr.State(0)
    changed = gr.State(0)  # other pages bump this after adding, renaming or deleting a book
    gr.HTML("<h2>Your library</h2><p>Newest first. Choose a cover to open the book.</p>", js_on_load=None)
    empty = gr.HTML(status_html(EMPTY_NOTE), js_on_load=None)
    finder = gr.Dropdown(
        [], value=None, label="Find a book by its title", visible=False, elem_id="mm-find-book"
    )
    covers = picture_grid("Your books", "mm-library", columns=4)
    more = gr.Button("Show more books", visible=False, elem_id="mm-more-books")

    @friendly_errors
    def refresh(request: gr.Request) -> list[Any]:
        return shelf(studio.books.list(signed_in(studio, request)), request)

    @friendly_errors
    def show_more(count: int, request: gr.Request) -> list[Any]:
        return shelf(studio.books.list(signed_in(studio, request)), request, int(count or 0) + SHELF)

    @friendly_errors
    def open_cover(ids: list[int], evt: gr.SelectData, request: gr.Request) -> list[Any]:
        user = signed_in(studio, request)
        index = evt.index if isinstance(evt.index, int) else -1
        if not 0 <= index < len(ids):
            return [gr.skip(), gr.skip()]
        return opened(studio.books.get(user, ids[index]).id)

    @friendly_errors
    def open_title(book_id: int | None, request: gr.Request) -> list[Any]:
        user = signed_in(studio, request)
        if book_id is None:
            return [gr.skip(), gr.skip()]
        return opened(studio.books.get(user, int(book_id)).id)

    outputs = [covers, ids, count, finder, more, empty]
    private: dict[str, Any] = {"api_visibility": "undocumented"}
    tab.select(refresh, None, outputs, api_name="library", **private)
    changed.change(refresh, None, outputs, **private)
    more.click(show_more, count, outputs, api_name="library_more", **private)
    covers.select(open_cover, ids, [open_book, tabs], api_name="library_open", **private)
    finder.input(open_title, finder, [open_book, tabs], api_name="library_find", **private)
    return LibraryPage(outputs=tuple(outputs), refresh_on=changed)
