"""The whole web app as one ``gr.Blocks``: the welcome page, or the family's tabs once signed in."""

from __future__ import annotations

import time
from typing import Any

import gradio as gr

from engine import MemoryMakerError, Studio, User
from ui import account, admin, book, characters, library, login, story
from ui.common import friendly_errors, maybe_signed_in, query_param, signed_in, text


def greeting(user: User) -> str:
    return f'<p class="mm-greeting">Hello, <strong>{text(user.display_name)}</strong>!</p>'


def book_to_open(studio: Studio, user: User, request: gr.Request) -> int | None:
    """The book this visit should open: one still being made, else ``/?book=<id>`` (the "ready" email)."""
    making = [j for j in studio.jobs.list(user, active_only=True) if j.kind != "regenerate_page"]
    if making:
        return making[0].book_id
    asked = query_param(request, "book")
    if not asked.isdigit():
        return None
    try:
        return studio.books.get(user, int(asked)).id
    except MemoryMakerError:
        return None  # another family's book, or deleted: just open the app


def build_blocks(studio: Studio) -> gr.Blocks:
    """Every page wired together; ``ui/server.py`` mounts it with the theme and CSS."""
    demo = gr.Blocks(title="Memory Maker", analytics_enabled=False, fill_width=False)
    with demo:
        welcome = login.build(studio)
        with gr.Column(visible=False, elem_id="mm-app") as app:
            hello = gr.HTML(js_on_load=None, elem_id="mm-hello")
            open_book = gr.State(None)  # {"book_id": ..., "at": ...}: the book the Book tab shows
            with gr.Tabs(selected="characters", overflow_behavior="wrap", elem_id="mm-tabs") as tabs:
                with gr.Tab("Characters", id="characters", elem_id="mm-tab-characters"):
                    cast_page = characters.build(studio)
                with gr.Tab("New story", id="story", elem_id="mm-tab-story") as story_tab:
                    story_page = story.build(studio, story_tab, open_book, tabs)
                with gr.Tab("Library", id="library", elem_id="mm-tab-library") as library_tab:
                    shelf = library.build(studio, library_tab, open_book, tabs)
                with gr.Tab("Book", id="book", elem_id="mm-tab-book"):
                    book.build(studio, open_book, tabs, shelf.refresh_on)
                with gr.Tab("Account", id="account", elem_id="mm-tab-account") as account_tab:
                    account_page = account.build(studio, account_tab)
                with gr.Tab("Admin", id="admin", visible=False, elem_id="mm-tab-admin") as admin_tab:
                    admin_page = admin.build(studio, admin_tab)

        outputs = [welcome.column, welcome.tabs, app, hello, tabs, open_book, *welcome.landing]
        outputs += [*cast_page.outputs, *story_page.outputs]
        outputs += [*shelf.outputs, *account_page.outputs, *admin_page.outputs]

        @friendly_errors
        def enter(request: gr.Request, *, leaving: bool = False) -> list[Any]:
            """Show the family's pages if this browser is signed in, else the welcome page (cleared).

            A refused sign-in or sign-up leaves the welcome tabs alone so its message stays in view.
            """
            user = maybe_signed_in(studio, request)
            arrived = welcome.arrive(studio, request, inside=user is not None)
            if user is None:
                welcome_tab = gr.Tabs(selected="sign-in") if leaving else gr.skip()
                top = [
                    gr.update(visible=not welcome.resetting(request)),
                    welcome_tab,
                    gr.update(visible=False),
                ]
                top += [""]
                top += [gr.Tabs(selected="characters"), None, *arrived]
                pages = [*cast_page.clear(), *story_page.clear(), *shelf.clear(), *account_page.clear()]
                return [*top, *pages, *admin_page.clear()]
            # A book still being made opens with its progress, wherever it was started.
            book_id = book_to_open(studio, user, request)
            opened = {"book_id": book_id, "at": time.time_ns()} if book_id is not None else None
            top = [gr.update(visible=False), gr.skip(), gr.update(visible=True), greeting(user)]
            top += [gr.Tabs(selected="book" if opened else "characters"), opened, *arrived]
            pages = [*cast_page.fill(studio, user, request), *story_page.fill(studio, user)]
            pages += [*shelf.fill(studio, user, request), *account_page.fill(studio, user)]
            return [*top, *pages, *admin_page.fill(user)]

        @friendly_errors
        def refresh_account(request: gr.Request) -> list[Any]:
            user = signed_in(studio, request)
            return [greeting(user), *account_page.fill(studio, user)]

        private: dict[str, Any] = {"api_visibility": "undocumented", "show_progress": "hidden"}
        demo.load(enter, None, outputs, api_name="enter", **private)

        @friendly_errors
        def leave(request: gr.Request) -> list[Any]:
            return enter(request, leaving=True)

        for event in welcome.entered:
            event.then(enter, None, outputs, **private)
        for event in account_page.left:
            event.then(leave, None, outputs, **private)
        for event in account_page.refreshed:
            event.then(refresh_account, None, [hello, *account_page.outputs], **private)
    return demo
