"""What the Book page's buttons do: each authenticates, makes one engine call and formats the widgets.

The widget order of each answer is fixed by the wiring in ``ui/book.py`` (``VIEW``, ``TICK``, ``PAGE``).
"""

from __future__ import annotations

import time
from typing import Any

import gradio as gr

from engine import Book, JobView, MemoryMakerError, Studio, User
from ui import book_view as v
from ui.common import friendly_errors, maybe_signed_in, signed_in, status_html

TICK_OUTPUTS = 12
PAGE_OUTPUTS = 7


def view(book: Book, job: JobView | None, request: gr.Request, about: str, corner: str) -> list[Any]:
    """Every widget of the page for one book (see ``VIEW`` in ``build``)."""
    running = v.is_running(job)
    return [
        book.id,
        job.id if running and job is not None else None,
        v.signature(book),
        None,
        gr.update(visible=False),
        gr.update(visible=True),
        book.title,
        v.shown(about),
        v.shown(v.progress_html(book, job)),
        gr.update(visible=running and job is not None and job.kind != "regenerate_page"),
        gr.update(visible=not running and book.status in v.STOPPED),
        v.grid(book, request),
        gr.update(visible=False),
        "square",
        False,
        v.downloads(book.id, "square"),
        "",
        gr.update(visible=bool(corner)),
        corner,
        gr.Timer(active=running),
    ]


def cleared() -> list[Any]:
    hidden = gr.update(visible=False)
    top: list[Any] = [None, None, None, None, gr.update(visible=True), hidden, "", v.shown(""), v.shown("")]
    top += [hidden, hidden]
    top += [gr.update(value=[], visible=False), hidden]
    return [*top, "square", False, "", "", hidden, "", gr.Timer(active=False)]


class BookActions:
    """The Book page's handlers, bound to one ``Studio``."""

    def __init__(self, studio: Studio) -> None:
        self._studio = studio

    def corner(self, user: User, book: Book) -> str:
        return v.corner_html(self._studio.books.parents_corner(user, book.id))

    @friendly_errors
    def show(self, opened: dict[str, int] | None, request: gr.Request) -> list[Any]:
        user = maybe_signed_in(self._studio, request)
        if user is None or not opened:
            return cleared()
        book = self._studio.books.get(user, int(opened["book_id"]))
        about = v.about_html(book, self._studio.books.list(user))
        job = self._studio.jobs.latest_for_book(user, book.id)
        return view(book, job, request, about, self.corner(user, book))

    def tick(
        self, book: int | None, job: int | None, seen: Any, index: int | None, request: gr.Request
    ) -> list[Any]:
        user = maybe_signed_in(self._studio, request)
        idle = [gr.skip()] * (TICK_OUTPUTS - 1) + [gr.Timer(active=False)]
        if user is None or book is None or job is None:
            return idle
        try:
            state, current = self._studio.jobs.get(user, job), self._studio.books.get(user, book)
        except MemoryMakerError:
            return idle
        sig, running = v.signature(current), v.is_running(state)
        changed = sig != seen
        corner = gr.skip() if running else self.corner(user, current)
        return [
            job if running else None,
            sig,
            current.title if seen is None or sig[0] != seen[0] else gr.skip(),
            v.shown(v.progress_html(current, state)),
            gr.update(visible=running and state.kind != "regenerate_page"),
            gr.update(visible=not running and current.status in v.STOPPED),
            v.grid(current, request) if changed else gr.skip(),
            v.picture_html(current, v.page_of(current, index))
            if changed and index is not None
            else gr.skip(),
            v.redraw_note(state) if not running else gr.skip(),
            gr.skip() if running else gr.update(visible=bool(corner)),
            corner,
            gr.skip() if running else gr.Timer(active=False),
        ]

    @friendly_errors
    def open_page(self, book: int | None, evt: gr.SelectData, request: gr.Request) -> list[Any]:
        user = signed_in(self._studio, request)
        index = evt.index if isinstance(evt.index, int) else -1
        current = self._studio.books.get(user, book) if book is not None else None
        page = v.page_of(current, index) if current is not None else None
        if current is None or page is None:
            return [gr.skip()] * PAGE_OUTPUTS
        heading_html = f"<h3>Page {page.index + 1}</h3>"
        return [
            page.index,
            gr.update(visible=True),
            heading_html,
            v.picture_html(current, page),
            page.text,
            "",
            "",
        ]

    @friendly_errors
    def save_words(self, book: int | None, index: int | None, words: str, request: gr.Request) -> str:
        user = signed_in(self._studio, request)
        if book is None or index is None:
            return status_html("Choose a page first.", "error")
        self._studio.books.edit_page(user, book, index, words)
        return status_html(f"Saved the words on page {index + 1}.", "ok")

    @friendly_errors
    def new_picture(self, book: int | None, index: int | None, request: gr.Request) -> list[Any]:
        user = signed_in(self._studio, request)
        if book is None or index is None:
            return [gr.skip(), gr.skip(), gr.skip(), status_html("Choose a page first.", "error")]
        job = self._studio.books.regenerate_picture(user, book, index)
        current = self._studio.books.get(user, book)
        note = status_html(f"Drawing a new picture for page {index + 1}…")
        return [job.id, v.shown(v.progress_html(current, job)), gr.Timer(active=True), note]

    @friendly_errors
    def read_aloud(self, book: int | None, index: int | None, request: gr.Request) -> str:
        user = signed_in(self._studio, request)
        if book is None or index is None:
            return ""
        self._studio.books.get(user, book)
        return v.audio_html(book, index)

    @friendly_errors
    def rename_book(self, book: int | None, new_title: str, request: gr.Request) -> list[Any]:
        user = signed_in(self._studio, request)
        if book is None:
            return [gr.skip(), "", gr.skip()]
        renamed = self._studio.books.rename(user, book, new_title)
        return [renamed.title, status_html(f"Renamed to “{renamed.title}”.", "ok"), time.time_ns()]

    @friendly_errors
    def stop_book(self, job: int | None, request: gr.Request) -> str:
        user = signed_in(self._studio, request)
        if job is not None:
            self._studio.jobs.cancel(user, job)
        return status_html("Stopping… the pages made so far are kept.")

    @friendly_errors
    def finish_book(self, book: int | None, request: gr.Request) -> list[Any]:
        user = signed_in(self._studio, request)
        if book is None:
            return [gr.skip()] * 5
        job = self._studio.books.resume(user, book)
        current = self._studio.books.get(user, book)
        hidden = gr.update(visible=False)
        progress = v.shown(v.progress_html(current, job))
        return [job.id, progress, gr.update(visible=True), hidden, gr.Timer(active=True)]

    @friendly_errors
    def pick_print(self, book: int | None, chosen: str, bleed: bool, request: gr.Request) -> str:
        user = signed_in(self._studio, request)
        if book is None:
            return ""
        return v.downloads(self._studio.books.get(user, book).id, chosen, bool(bleed))

    @friendly_errors
    def delete_book(self, book: int | None, request: gr.Request) -> list[Any]:
        user = signed_in(self._studio, request)
        if book is not None:
            self._studio.books.delete(user, book)
        return [*cleared(), gr.update(visible=False), gr.Tabs(selected="library"), time.time_ns()]
