"""Welcome page: sign in, create an account, try Memory Maker as a guest, and get back in by email.

The forms post straight to ``/auth/*`` from the browser (``mmAuth`` in ``ui/assets/head.html``), so a
password never travels through Gradio's queue; the shell then re-reads the session cookie and opens the app.
Emailed links land here too (``/reset`` and ``/confirm`` redirect to ``/?reset=…`` and ``/?confirm=…``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr
from gradio.events import Dependency

from engine import MemoryMakerError, Studio
from ui.common import query_param, status_html

HERO = """
<div class="mm-hero">
  <h1>Memory Maker</h1>
  <p>Turn your family into the heroes of their own illustrated picture books.</p>
</div>
"""
NO_MAIL_HELP = (
    '<p class="mm-forgot" id="mm-forgot-help">Forgot your password? Ask the person who runs Memory Maker '
    "for a reset link.</p>"
)
SIGN_IN_JS = (
    """(email, password) => window.mmAuth('/auth/login', {email, password}).then((note) => [note, ''])"""
)
REGISTER_JS = """(name, email, password) => window.mmAuth('/auth/register',
  {display_name: name, email, password}).then((note) => [note, ''])"""
GUEST_JS = """() => window.mmAuth('/auth/guest', {})"""
FORGOT_JS = """(email) => window.mmAuth('/auth/forgot', {email})"""
# The token is read from the address bar and forgotten once it has worked, so it never enters Gradio.
RESET_JS = """(password) => window.mmAuth('/auth/reset',
  {token: window.mmResetToken(), new_password: password})
  .then((note) => {
    if (!note.includes('mm-ok')) return ['', note, ''];
    window.mmForgetResetLink();
    return [note, '', ''];
  })"""
FORGET_LINK_JS = "() => { window.mmForgetResetLink(); }"


@dataclass(frozen=True)
class Welcome:
    """The welcome column and the events after which the shell should look at the session again."""

    column: gr.Column
    tabs: gr.Tabs  # back to "Sign in" whenever someone signs out
    entered: tuple[Dependency, ...]
    landing: tuple[gr.components.Component, ...]  # the note and reset form emailed links open

    @staticmethod
    def resetting(request: gr.Request) -> bool:
        """Whether this page was opened from a reset link (then only the reset form shows)."""
        return bool(query_param(request, "reset"))

    def arrive(self, studio: Studio, request: gr.Request, *, inside: bool) -> list[Any]:
        """What an emailed link asks for: confirm the address now; show the reset form (used on submit).

        Once the family is ``inside``, an old note ("Password changed, please sign in") is cleared.
        """
        note = landing_note(studio, request)
        shown = note if note is not None else ("" if inside else gr.skip())
        return [shown, gr.update(visible=self.resetting(request))]


def landing_note(studio: Studio, request: gr.Request) -> str | None:
    token = query_param(request, "confirm")
    if not token:
        return None
    try:
        user = studio.accounts.confirm_email(token)
    except MemoryMakerError as err:
        return status_html(err.message, "error")
    return status_html(f"Thank you! Your email address {user.email} is confirmed.", "ok")


def build(studio: Studio) -> Welcome:
    note = gr.HTML(js_on_load=None, elem_id="mm-landing-note")
    with gr.Column(visible=False, elem_id="mm-reset") as reset_box:
        gr.HTML(HERO + "<h2>Choose a new password</h2>", js_on_load=None)
        new_pass = gr.Textbox(
            label="New password (at least 8 characters)", type="password", elem_id="mm-reset-password"
        )
        save_pass = gr.Button("Save my new password", variant="primary", elem_id="mm-reset-button")
        reset_note = gr.HTML(js_on_load=None, elem_id="mm-reset-note")
        # Always there, for a link that was used already or is over an hour old.
        with gr.Row():
            new_link = gr.Button(
                "Link not working? Ask for a new one",
                size="sm",
                scale=0,
                min_width=280,
                elem_id="mm-new-link",
            )
    with gr.Column(visible=True, elem_id="mm-welcome") as column:
        gr.HTML(HERO, js_on_load=None)
        with gr.Tabs(elem_id="mm-welcome-tabs") as tabs:
            with gr.Tab("Sign in", id="sign-in", elem_id="mm-sign-in-tab"):
                email = gr.Textbox(label="Email", type="email", max_length=254, elem_id="mm-login-email")
                password = gr.Textbox(label="Password", type="password", elem_id="mm-login-password")
                sign_in = gr.Button("Sign in", variant="primary", elem_id="mm-sign-in-button")
                sign_in_note = gr.HTML(js_on_load=None, elem_id="mm-sign-in-note")
                forgot = forgot_password(studio)
            with gr.Tab("Create an account", id="register", elem_id="mm-register-tab"):
                name = gr.Textbox(
                    label="Your name (what the books call you)", max_length=80, elem_id="mm-new-name"
                )
                new_email = gr.Textbox(label="Email", type="email", max_length=254, elem_id="mm-new-email")
                new_password = gr.Textbox(
                    label="Password (at least 8 characters)", type="password", elem_id="mm-new-password"
                )
                register = gr.Button("Create my account", variant="primary", elem_id="mm-register-button")
                register_note = gr.HTML(js_on_load=None, elem_id="mm-register-note")
        guest_events: tuple[Dependency, ...] = ()
        if studio.settings.guest_mode:
            gr.HTML('<p class="mm-guest-intro">Just looking? Try it without an account:</p>', js_on_load=None)
            guest = gr.Button("Try it as a guest", variant="secondary", elem_id="mm-guest-button")
            guest_note = gr.HTML(js_on_load=None)
            guest_events = (guest.click(None, None, guest_note, js=GUEST_JS),)

    private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
    reset = save_pass.click(None, new_pass, [note, reset_note, new_pass], js=RESET_JS)
    opened = [] if forgot is None else [forgot]
    new_link.click(
        lambda: (
            [gr.update(visible=False), gr.update(visible=True), gr.Tabs(selected="sign-in")]
            + [gr.update(open=True) for _ in opened]
        ),
        None,
        [reset_box, column, tabs, *opened],
        js=FORGET_LINK_JS,
        **private,
    )
    entered = (
        sign_in.click(None, [email, password], [sign_in_note, password], js=SIGN_IN_JS),
        password.submit(None, [email, password], [sign_in_note, password], js=SIGN_IN_JS),
        register.click(None, [name, new_email, new_password], [register_note, new_password], js=REGISTER_JS),
        reset,
        *guest_events,
    )
    return Welcome(column=column, tabs=tabs, entered=entered, landing=(note, reset_box))


def forgot_password(studio: Studio) -> gr.Accordion | None:
    """ "Forgot your password?" with an emailed link, or who to ask when this Memory Maker can't email."""
    if not studio.mail_configured:
        gr.HTML(NO_MAIL_HELP, js_on_load=None)
        return None
    box = gr.Accordion("Forgot your password?", open=False, elem_id="mm-forgot")
    with box:
        gr.HTML("<p>Type your email and we'll send you a link to choose a new password.</p>", js_on_load=None)
        address = gr.Textbox(label="Your email", type="email", max_length=254, elem_id="mm-forgot-email")
        send = gr.Button("Email me a link", elem_id="mm-forgot-button")
        sent = gr.HTML(js_on_load=None, elem_id="mm-forgot-note")
    send.click(None, address, sent, js=FORGOT_JS)
    address.submit(None, address, sent, js=FORGOT_JS)
    return box
