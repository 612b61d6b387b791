"""How a book and its job look on the Book page: the picture grid, the progress bar, the open page.

Pure formatting: every function takes engine views and returns widget values, so ``ui/book.py`` stays
about wiring.
"""

from __future__ import annotations

from typing import Any, Protocol

import gradio as gr

from engine import Book, BookSummary, JobView
from engine.models import PageView
from ui.book_labels import family_ties, series_names
from ui.common import image_url, pdf_path, placeholder_url, status_html, text

STOPPED = {
    "failed": "This book didn't finish. Press “Finish this book” to carry on from where it stopped.",
    "cancelled": "You stopped this book. Press “Finish this book” to make the missing pages.",
    "interrupted": "This book was interrupted. Press “Finish this book” to carry on.",
}


class Corner(Protocol):
    """What the book view shows of ``studio.books.parents_corner``."""

    @property
    def questions(self) -> tuple[str, ...]: ...

    @property
    def note(self) -> str: ...


SIZES = [("Square (8.5 in)", "square"), ("A4", "a4"), ("US Letter", "letter")]


def shown(html: str) -> Any:
    """An HTML block's update that hides it while empty, so it leaves no gap on the page."""
    return gr.update(value=html, visible=bool(html))


def grid(book: Book, request: gr.Request) -> Any:
    """The grid's update: hidden until the story is written (an empty gallery is just a grey box)."""
    items = grid_items(book, request)
    return gr.update(value=items, visible=bool(items))


def grid_items(book: Book, request: gr.Request) -> list[tuple[str, str]]:
    """One tile per written page, in reading order; pages still being drawn show a soft blank tile."""
    return [
        (
            image_url(request, p.image_id) if p.image_id else placeholder_url(request),
            f"Page {p.index + 1}" if p.image_id else f"Page {p.index + 1} (drawing…)",
        )
        for p in book.pages
    ]


def signature(book: Book) -> tuple[Any, ...]:
    """What the grid and title show; when it hasn't changed the grid isn't sent again."""
    return (book.title, tuple((p.index, p.image_id) for p in book.pages))


def is_running(job: JobView | None) -> bool:
    return job is not None and not job.finished


def progress_html(book: Book, job: JobView | None) -> str:
    """A labelled progress bar while the job runs; a kind note if the book stopped; nothing when done."""
    if job is not None and job.status == "queued":
        where = f" You're number {job.position} in line." if job.position else ""
        return _bar(0, max(job.total, 1), "Waiting to start", f"{job.message}{where}")
    if job is not None and job.status == "running":
        if job.kind == "regenerate_page":
            return _bar(job.done, max(job.total, 1), "Drawing a new picture", job.message)
        label = (
            f"Making your book: {book.pages_done} of {book.page_count} pictures drawn"
            if book.pages
            else "Making your book: writing the story"
        )
        return _bar(job.done, max(job.total, 1), label, job.message)
    if book.status == "failed":
        return status_html(f"{book.error or ''} {STOPPED['failed']}".strip(), "error")
    if book.status in STOPPED:
        return status_html(STOPPED[book.status])
    if job is not None and job.status == "done" and job.kind != "regenerate_page" and _just_now(job):
        return status_html("Your book is ready! Choose a page to read it large.", "ok")
    return ""


def _just_now(job: JobView) -> bool:
    from datetime import UTC, datetime

    return job.finished_at is not None and (datetime.now(UTC) - job.finished_at).total_seconds() < 120


def _bar(done: int, total: int, label: str, message: str) -> str:
    return (
        '<div class="mm-progress-box" role="group" aria-label="Progress">'
        f'<label for="mm-progress-bar"><strong>{text(label)}</strong></label>'
        f'<progress id="mm-progress-bar" class="mm-progress" max="{total}" value="{min(done, total)}">'
        f"{min(done, total)} of {total}</progress>"
        f'<p class="mm-progress-message" aria-live="polite">{text(message)}</p></div>'
    )


def picture_html(book: Book, page: PageView | None) -> str:
    if page is None:
        return ""
    if page.image_id is None:
        return status_html("This page's picture is still being drawn…")
    alt = text(f"Picture for page {page.index + 1} of {book.title}")
    return (
        f'<figure class="mm-page-picture"><img src="/media/images/{page.image_id}.webp" alt="{alt}"></figure>'
    )


def page_of(book: Book, index: int | None) -> PageView | None:
    if index is None:
        return None
    return next((p for p in book.pages if p.index == index), None)


def downloads(book_id: int | None, size: str, bleed: bool = False) -> str:
    """The PDF (in the chosen print size, with or without bleed) and the EPUB e-book links."""
    if book_id is None:
        return ""
    href = pdf_path(book_id, size if size in {"square", "a4", "letter"} else "square")
    href = text(href + ("&bleed=true" if bleed else ""))
    return (
        f'<a class="mm-download" href="{href}" download id="mm-download-pdf">Download the PDF</a> '
        f'<a class="mm-download mm-download-soft" href="/media/books/{book_id}.epub" download '
        'id="mm-download-epub">Download the e-book (EPUB)</a>'
    )


def about_html(book: BookSummary, shelf: list[BookSummary]) -> str:
    """Where this book sits: "Book 2 of the … series", "crayon version of …" (the original is kept)."""
    ties = family_ties(book, series_names(shelf), {b.id: b.title for b in shelf}, name_source=True)
    if not ties:
        return ""
    said = " · ".join(ties)
    kept = " The original is kept in your library." if book.version_of_id is not None else ""
    return f'<p class="mm-about">{text(said[:1].upper() + said[1:])}.{text(kept)}</p>'


def corner_html(corner: Corner | None) -> str:
    """Three questions to talk about after reading, and how hard the words are."""
    if corner is None:
        return ""
    questions = "".join(f"<li>{text(q)}</li>" for q in corner.questions)
    return (
        '<div class="mm-corner"><p>Questions to talk about together after reading:</p>'
        f'<ol class="mm-corner-questions">{questions}</ol>'
        f'<p class="mm-corner-note">{text(corner.note)}</p></div>'
    )


def audio_html(book_id: int, index: int) -> str:
    src = f"/media/books/{book_id}/pages/{index}/read-aloud"
    label = text(f"Page {index + 1} read aloud")
    return f'<audio controls autoplay src="{src}" aria-label="{label}"></audio>'


def redraw_note(job: JobView) -> Any:
    """What to say under the page once a "draw a new picture" job has ended."""
    if job.kind != "regenerate_page":
        return gr.skip()
    if job.status == "done":
        return status_html("Here's the new picture.", "ok")
    return status_html(job.message or "The new picture couldn't be drawn. Please try again.", "error")
