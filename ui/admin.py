"""Admin page (only for ``is_admin`` accounts): families, books per day, how generation went, provider
speed and cost, the email outbox, and a one-time reset link for a family when email isn't set up.

The tab is shown only to admins, but hiding is not the check: every handler here asks the engine, which
refuses anyone who isn't an admin right now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import gradio as gr

from engine import Studio, User
from engine.admin import AdminOverview
from ui.common import friendly_errors, signed_in, status_html, text

DAYS = 14
OUTBOX_WORDS = {
    "pending": "waiting to go",
    "sent": "sent",
    "failed": "could not be sent",
    "dropped": "dropped",
}


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def stat(name: str, value: str) -> str:
    return f'<div class="mm-stat"><dt>{text(name)}</dt><dd>{text(value)}</dd></div>'


def day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def bar(count: int, most: int) -> str:
    """A number with a small bar, so a busy day stands out at a glance."""
    width = round(100 * count / most) if most else 0
    return f'<span class="mm-bar" style="width:{width}px" aria-hidden="true"></span>{count}'


def table(caption: str, head: list[str], rows: list[list[str]], empty: str) -> str:
    """A captioned table; ``rows`` cells are HTML already (the caller escapes what it didn't make)."""
    if not rows:
        return f"<h3>{text(caption)}</h3>{status_html(empty)}"
    top = "".join(f'<th scope="col">{text(h)}</th>' for h in head)
    body = "".join(
        "<tr>" + f'<th scope="row">{r[0]}</th>' + "".join(f"<td>{c}</td>" for c in r[1:]) + "</tr>"
        for r in rows
    )
    # A heading outside the scrolling box stays readable on a phone; the box is focusable so keyboard
    # users can scroll a wide table sideways.
    ident = "mm-table-" + re.sub(r"[^a-z]+", "-", caption.lower()).strip("-")
    return (
        f'<h3 id="{ident}">{text(caption)}</h3>'
        f'<div class="mm-table-wrap" tabindex="0" role="region" aria-labelledby="{ident}">'
        f'<table class="mm-table" aria-labelledby="{ident}">'
        f"<thead><tr>{top}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def overview_html(seen: AdminOverview) -> str:
    """The whole overview as HTML: cards, then one table per question, newest day first."""
    cards = [
        stat("Families", str(seen.families)),
        stat("Guests", str(seen.guests)),
        stat(f"New families ({seen.days} days)", str(seen.new_families)),
        stat("Books made (all time)", str(seen.books)),
        stat(f"Books finished ({seen.days} days)", percent(seen.success_rate)),
        stat("Emails waiting", str(seen.outbox.get("pending", 0))),
    ]
    made = {d.day: d.count for d in seen.books_per_day}
    most = max(made.values(), default=0)
    days = [
        [
            day(o.day),
            bar(made.get(o.day, 0), most),
            *map(str, (o.done, o.failed, o.cancelled)),
            percent(o.success_rate),
        ]
        for o in reversed(seen.outcomes)
    ]
    providers = [
        [
            day(p.day),
            text(p.provider),
            str(p.books),
            "—" if p.seconds_per_page is None else f"{p.seconds_per_page:.1f} s",
            "—" if p.slowest_seconds_per_page is None else f"{p.slowest_seconds_per_page:.1f} s",
            f"${p.cost_usd:,.2f}",
        ]
        for p in sorted(seen.providers, key=lambda p: (p.day, p.provider), reverse=True)
    ]
    outbox = ", ".join(f"{n} {OUTBOX_WORDS.get(k, k)}" for k, n in seen.outbox.items())
    return (
        f'<h2>How Memory Maker is doing</h2><dl class="mm-stats">{"".join(cards)}</dl>'
        + table(
            f"Books, the last {seen.days} days",
            ["Day", "Started", "Finished", "Failed", "Stopped", "Finished of ended"],
            days,
            "No books yet.",
        )
        + table(
            "Providers: seconds per page and cost",
            ["Day", "Provider", "Books", "Seconds per page", "Slowest", "Cost"],
            providers,
            f"Nothing was made in the last {seen.days} days.",
        )
        + f"<h3>Email outbox</h3><p>{text(outbox) or 'No emails yet.'}</p>"
    )


@dataclass(frozen=True)
class AdminPage:
    tab: gr.Tab
    outputs: tuple[gr.blocks.Block, ...]

    def fill(self, user: User) -> list[Any]:
        return [gr.update(visible=user.is_admin), ""]

    def clear(self) -> list[Any]:
        return [gr.update(visible=False), ""]


def build(studio: Studio, tab: gr.Tab) -> AdminPage:
    overview = gr.HTML(js_on_load=None, elem_id="mm-admin")
    with gr.Row():
        refresh_button = gr.Button(
            "Refresh the figures", size="sm", scale=0, min_width=200, elem_id="mm-admin-refresh"
        )
    gr.HTML(
        "<h3>A one-time reset link for a family</h3><p>When a family can't get in and email isn't set up, "
        "make them a link that lets them choose a new password. It works once, for one hour. Pass it on "
        "privately.</p>",
        js_on_load=None,
    )
    with gr.Row(elem_classes="mm-inline"):
        email = gr.Textbox(
            label="The family's email", type="email", max_length=254, scale=3, elem_id="mm-admin-email"
        )
        make = gr.Button("Make a reset link", scale=0, min_width=230, elem_id="mm-admin-make-link")
    link = gr.Textbox(
        label="Reset link", interactive=False, buttons=["copy"], visible=False, elem_id="mm-admin-link"
    )

    @friendly_errors
    def refresh(request: gr.Request) -> str:
        return overview_html(studio.admin.overview(signed_in(studio, request), days=DAYS))

    @friendly_errors
    def reset_link(address: str, request: gr.Request) -> Any:
        made = studio.accounts.admin_reset_link(signed_in(studio, request), address)
        return gr.update(value=made, visible=True)

    private: dict[str, Any] = {"api_visibility": "undocumented"}
    tab.select(refresh, None, overview, api_name="admin", **private)
    refresh_button.click(refresh, None, overview, **private)
    make.click(reset_link, email, link, api_name="admin_reset_link", **private)
    return AdminPage(tab=tab, outputs=(tab, overview))
