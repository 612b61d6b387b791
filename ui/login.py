"""Welcome page: sign in, create an account, or try Memory Maker as a guest.

The forms post straight to ``/auth/*`` from the browser (``mmAuth`` in ``ui/assets/head.html``), so a
password never travels through Gradio's queue; the shell then re-reads the session cookie and opens the app.
"""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr
from gradio.events import Dependency

from engine import Studio

HERO = """
<div class="mm-hero">
  <h1>Memory Maker</h1>
  <p>Turn your family into the heroes of their own illustrated picture books.</p>
</div>
"""
# Room for issue 12: the email-based reset replaces this text with a "Forgot password?" link.
FORGOT_HELP = (
    '<p class="mm-forgot" id="mm-forgot">Forgot your password? Ask the person who runs this Memory Maker '
    "to help you reset it.</p>"
)
SIGN_IN_JS = (
    """(email, password) => window.mmAuth('/auth/login', {email, password}).then((note) => [note, ''])"""
)
REGISTER_JS = """(name, email, password) => window.mmAuth('/auth/register',
  {display_name: name, email, password}).then((note) => [note, ''])"""
GUEST_JS = """() => window.mmAuth('/auth/guest', {})"""


@dataclass(frozen=True)
class Welcome:
    """The welcome column and the events after which the shell should look at the session again."""

    column: gr.Column
    tabs: gr.Tabs  # back to "Sign in" whenever someone signs out
    entered: tuple[Dependency, ...]


def build(studio: Studio) -> Welcome:
    with gr.Column(visible=True, elem_id="mm-welcome") as column:
        gr.HTML(HERO, js_on_load=None)
        with gr.Tabs(elem_id="mm-welcome-tabs") as tabs:
            with gr.Tab("Sign in", id="sign-in", elem_id="mm-sign-in-tab"):
                email = gr.Textbox(label="Email", type="email", max_length=254, elem_id="mm-login-email")
                password = gr.Textbox(label="Password", type="password", elem_id="mm-login-password")
                sign_in = gr.Button("Sign in", variant="primary", elem_id="mm-sign-in-button")
                sign_in_note = gr.HTML(js_on_load=None, elem_id="mm-sign-in-note")
                gr.HTML(FORGOT_HELP, js_on_load=None)
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

    entered = (
        sign_in.click(None, [email, password], [sign_in_note, password], js=SIGN_IN_JS),
        password.submit(None, [email, password], [sign_in_note, password], js=SIGN_IN_JS),
        register.click(None, [name, new_email, new_password], [register_note, new_password], js=REGISTER_JS),
        *guest_events,
    )
    return Welcome(column=column, tabs=tabs, entered=entered)
