"""Book page: the picture grid filling in while the book is made, one page large, edits and downloads,
the parent's corner, and new versions or the next adventure (``ui/book_versions.py``).

Progress is read from the book's job in the database once a second (``gr.Timer``), so reloading the page,
signing in on another device or coming back tomorrow shows the same progress or the finished book.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from engine import Studio
from ui import book_versions
from ui import book_view as v
from ui.book_actions import PAGE_OUTPUTS, TICK_OUTPUTS, BookActions
from ui.common import picture_grid, status_html

NO_BOOK = "Choose a book in your library, or make a new one on the New story tab."
POLL_S = 1.0


@dataclass(frozen=True)
class BookPage:
    timer: gr.Timer


def build(studio: Studio, open_book: gr.State, tabs: gr.Tabs, library_changed: gr.State) -> BookPage:
    book_id, job_id, shown, page_index = gr.State(None), gr.State(None), gr.State(None), gr.State(None)
    timer = gr.Timer(POLL_S, active=False)
    empty = gr.HTML(status_html(NO_BOOK), js_on_load=None)
    with gr.Column(visible=False) as content:
        with gr.Row(elem_classes="mm-inline"):
            title = gr.Textbox(label="Title", max_length=120, scale=4, min_width=240, elem_id="mm-book-title")
            rename = gr.Button("Rename", scale=0, min_width=120)
        about = gr.HTML(js_on_load=None, visible=False, elem_id="mm-book-about")
        progress = gr.HTML(js_on_load=None, visible=False, elem_id="mm-progress")
        with gr.Row():
            stop = gr.Button("Stop making this book", visible=False, variant="secondary")
            resume = gr.Button("Finish this book", visible=False, variant="primary")
        gr.HTML(
            "<p>Choose a page to read it large, change its words or draw a new picture.</p>", js_on_load=None
        )
        grid = picture_grid("Pages", "mm-grid")
        with gr.Column(visible=False, elem_id="mm-page") as page_panel:
            heading = gr.HTML(js_on_load=None)
            with gr.Row():
                with gr.Column(scale=3, min_width=300):
                    picture = gr.HTML(js_on_load=None, elem_id="mm-page-picture")
                with gr.Column(scale=2, min_width=280):
                    page_text = gr.Textbox(
                        label="Words on this page", lines=6, max_length=1200, elem_id="mm-page-text"
                    )
                    save_text = gr.Button("Save the words", variant="primary", elem_id="mm-save-text")
                    redraw = gr.Button("Draw a new picture", elem_id="mm-redraw")
                    read = gr.Button("Read aloud", visible=studio.books.can_read_aloud, elem_id="mm-read")
                    audio = gr.HTML(js_on_load=None, elem_id="mm-audio")
                    page_note = gr.HTML(js_on_load=None, elem_id="mm-page-note")
        with gr.Accordion("Parent's corner", open=False, visible=False, elem_id="mm-corner") as corner_box:
            corner = gr.HTML(js_on_load=None, elem_id="mm-corner-text")
        book_versions.build(studio, book_id, open_book, library_changed)
        gr.HTML("<h3>Print it or read it on a tablet</h3>", js_on_load=None)
        with gr.Group(elem_id="mm-print"):
            size = gr.Radio(v.SIZES, value="square", label="Print size", elem_id="mm-size")
            bleed = gr.Checkbox(label="Add 3 mm bleed for a print shop", value=False, elem_id="mm-bleed")
        files = gr.HTML(js_on_load=None, elem_id="mm-downloads")
        book_note = gr.HTML(js_on_load=None)
        with gr.Row():
            delete = gr.Button("Delete this book", variant="stop", size="sm", scale=0, min_width=180)
        with gr.Row(visible=False) as confirm_row:
            gr.HTML("<p>Delete this book for good? This can't be undone.</p>", js_on_load=None)
            confirm = gr.Button("Yes, delete it", variant="stop")
            keep = gr.Button("Keep it")

    VIEW = [book_id, job_id, shown, page_index, empty, content, title, about, progress, stop, resume, grid]
    VIEW += [page_panel, size, bleed, files, book_note, corner_box, corner, timer]
    TICK = [job_id, shown, title, progress, stop, resume, grid, picture, page_note, corner_box, corner, timer]
    PAGE = [page_index, page_panel, heading, picture, page_text, audio, page_note]

    assert (len(TICK), len(PAGE)) == (TICK_OUTPUTS, PAGE_OUTPUTS), "answers and widgets out of step"
    act = BookActions(studio)
    # The order of each list is the order of the handlers' answers in ``ui/book_actions.py``.
    private: dict[str, Any] = {"api_visibility": "undocumented"}
    open_book.change(act.show, open_book, VIEW, api_name="book_open", **private)
    timer.tick(
        act.tick,
        [book_id, job_id, shown, page_index],
        TICK,
        show_progress="hidden",
        api_name="book_tick",
        **private,
    )
    grid.select(act.open_page, book_id, PAGE, api_name="book_page", **private)
    save_text.click(
        act.save_words, [book_id, page_index, page_text], page_note, api_name="book_edit_page", **private
    )
    redraw.click(
        act.new_picture,
        [book_id, page_index],
        [job_id, progress, timer, page_note],
        api_name="book_redraw",
        **private,
    )
    read.click(act.read_aloud, [book_id, page_index], audio, api_name="book_read_aloud", **private)
    rename.click(
        act.rename_book,
        [book_id, title],
        [title, book_note, library_changed],
        api_name="book_rename",
        **private,
    )
    stop.click(act.stop_book, job_id, book_note, api_name="book_stop", **private)
    resume.click(
        act.finish_book, book_id, [job_id, progress, stop, resume, timer], api_name="book_resume", **private
    )
    size.input(act.pick_print, [book_id, size, bleed], files, api_name="book_print", **private)
    bleed.input(act.pick_print, [book_id, size, bleed], files, **private)
    delete.click(lambda: gr.update(visible=True), None, confirm_row, api_visibility="private")
    keep.click(lambda: gr.update(visible=False), None, confirm_row, api_visibility="private")
    confirm.click(
        act.delete_book,
        book_id,
        [*VIEW, confirm_row, tabs, library_changed],
        api_name="book_delete",
        **private,
    )
    return BookPage(timer=timer)
