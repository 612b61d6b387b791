"""Account page: plan, this month's usage and cost, name, password, emails (book-ready notice, address
confirmation), sign out, my data, delete account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import gradio as gr
from gradio.events import Dependency

from engine import Studio, User
from ui.common import client_address, friendly_errors, signed_in, status_html, text

SAVE_GUEST_JS = """(name, email, password) => window.mmAuth('/auth/save-guest',
  {display_name: name, email, password}).then((note) => [note, ''])"""
CHANGED = '<p class="mm-note mm-ok" role="status">Password changed. Other devices are signed out.</p>'
PASSWORD_JS = (
    "(old_password, new_password) => window.mmAuth('/auth/password', {old_password, new_password})"
    f".then((note) => [note || '{CHANGED}', '', ''])"
)
SIGN_OUT_JS = """() => window.mmAuth('/auth/logout', {})"""
PLAN_NAMES = {"free": "Free", "family": "Family"}


@dataclass(frozen=True)
class AccountPage:
    outputs: tuple[gr.components.Component, ...]
    left: tuple[Dependency, ...]  # events after which the session is gone (sign out, account deleted)
    refreshed: tuple[Dependency, ...]  # events after which the shell should look at the account again

    def fill(self, studio: Studio, user: User) -> list[Any]:
        return summary(studio, user)

    def clear(self) -> list[Any]:
        hidden = gr.update(visible=False)
        return ["", "", hidden, hidden, hidden, False, hidden]


def summary(studio: Studio, user: User) -> list[Any]:
    usage = studio.usage.summary(user)
    who = text(user.email) if user.email else "a guest (nothing is saved to an email yet)"
    month = datetime.strptime(usage.month, "%Y-%m").strftime("%B %Y")
    stats = [("Books made", str(usage.books)), ("Pictures drawn", str(usage.pictures))]
    stats.append(("Cost", f"${usage.cost_usd:,.2f}"))
    cards = "".join(f'<div class="mm-stat"><dt>{name}</dt><dd>{value}</dd></div>' for name, value in stats)
    html = (
        f"<h2>Your account</h2><p>Signed in as <strong>{who}</strong> · "
        f"{PLAN_NAMES.get(user.plan, text(user.plan))} plan</p>"
        f'<h3>This month ({month})</h3><dl class="mm-stats">{cards}</dl>'
    )
    mail = studio.accounts.notifications(user)
    return [
        html,
        user.display_name,
        gr.update(visible=user.is_guest),
        gr.update(visible=not user.is_guest),
        gr.update(visible=mail.can_email),
        mail.book_ready,
        gr.update(visible=mail.can_email and not mail.email_confirmed),
    ]


def build(studio: Studio, tab: gr.Tab) -> AccountPage:
    overview = gr.HTML(js_on_load=None, elem_id="mm-account")
    with gr.Row(elem_classes="mm-inline"):
        name = gr.Textbox(label="Your name (what the books call you)", max_length=80, scale=3)
        rename = gr.Button("Save name", scale=0, min_width=150)
    name_note = gr.HTML(js_on_load=None)
    with gr.Column(visible=False) as guest_box:
        gr.HTML("<h3>Keep what you made</h3><p>Add an email and password to save this guest account.</p>")
        guest_name = gr.Textbox(label="Your name", max_length=80)
        guest_email = gr.Textbox(label="Email", type="email", max_length=254)
        guest_password = gr.Textbox(label="Password (at least 8 characters)", type="password")
        save_guest = gr.Button("Save my account", variant="primary")
        guest_note = gr.HTML(js_on_load=None)
    with gr.Column(visible=False) as password_box:
        gr.HTML("<h3>Change password</h3>", js_on_load=None)
        old_password = gr.Textbox(label="Current password", type="password")
        new_password = gr.Textbox(label="New password (at least 8 characters)", type="password")
        change = gr.Button("Change password")
        password_note = gr.HTML(js_on_load=None)
    with gr.Column(visible=False, elem_id="mm-emails") as email_box:
        gr.HTML("<h3>Emails</h3>", js_on_load=None)
        notify = gr.Checkbox(label="Tell me when a book is ready", elem_id="mm-notify")
        with gr.Column(visible=False) as confirm_box:
            gr.HTML(
                "<p>Your email address isn't confirmed yet: open the link we emailed you.</p>",
                js_on_load=None,
            )
            resend = gr.Button("Send the confirmation link again", elem_id="mm-resend")
        email_note = gr.HTML(js_on_load=None, elem_id="mm-email-note")
    gr.HTML(
        '<h3>Your data</h3><p><a class="mm-download" href="/media/my-data.zip" download '
        'id="mm-my-data">Download all my data</a></p>',
        js_on_load=None,
    )
    sign_out = gr.Button("Sign out", variant="secondary", elem_id="mm-sign-out")
    with gr.Accordion("Delete my account", open=False):
        gr.HTML("<p>This deletes your characters, books and pictures for good.</p>", js_on_load=None)
        really = gr.Checkbox(label="Yes, I want to delete everything", value=False)
        delete = gr.Button("Delete my account", variant="stop")
        delete_note = gr.HTML(js_on_load=None)

    outputs = (overview, name, guest_box, password_box, email_box, notify, confirm_box)

    @friendly_errors
    def refresh(request: gr.Request) -> list[Any]:
        return summary(studio, signed_in(studio, request))

    @friendly_errors
    def save_name(new_name: str, request: gr.Request) -> list[Any]:
        user = studio.accounts.rename(signed_in(studio, request), new_name)
        return [user.display_name, status_html("Saved your name.", "ok")]

    @friendly_errors
    def set_notice(on: bool, request: gr.Request) -> str:
        mail = studio.accounts.set_notifications(signed_in(studio, request), book_ready=bool(on))
        said = "We'll email you when a book is ready." if mail.book_ready else "No more book-ready emails."
        return status_html(said, "ok")

    @friendly_errors
    def send_again(request: gr.Request) -> str:
        said = studio.accounts.send_confirmation(signed_in(studio, request), client_address(request))
        return status_html(said, "ok")

    @friendly_errors
    def delete_account(sure: bool, request: gr.Request) -> list[Any]:
        user = signed_in(studio, request)
        if not sure:
            raise gr.Error("Tick the box first to confirm.", title="Let's fix that", print_exception=False)
        studio.accounts.delete_account(user)
        return ["", False]

    tab.select(refresh, None, list(outputs), api_name="account", api_visibility="undocumented")
    rename.click(save_name, name, [name, name_note], api_visibility="undocumented")
    notify.input(set_notice, notify, email_note, api_name="account_notify", api_visibility="undocumented")
    resend.click(send_again, None, email_note, api_name="account_confirm", api_visibility="undocumented")
    guest_saved = save_guest.click(
        None, [guest_name, guest_email, guest_password], [guest_note, guest_password], js=SAVE_GUEST_JS
    )
    password_changed = change.click(
        None, [old_password, new_password], [password_note, old_password, new_password], js=PASSWORD_JS
    )
    signed_out = sign_out.click(None, None, None, js=SIGN_OUT_JS)
    deleted = delete.click(
        delete_account,
        really,
        [delete_note, really],
        api_name="account_delete",
        api_visibility="undocumented",
    ).success(None, None, None, js=SIGN_OUT_JS)
    return AccountPage(outputs=outputs, left=(signed_out, deleted), refreshed=(guest_saved, password_changed))
