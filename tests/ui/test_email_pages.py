"""Getting back in by email and staying in touch, against the running app and a real SMTP server on
127.0.0.1: "forgot password", the reset and confirmation landing pages, the account page's email settings,
and the "your book is ready" link that opens the book."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from gradio_client import Client

from engine import StorySettings, Studio
from tests.app_server import AppServer, app_client, running_mail_app
from tests.fakes.smtp_server import LocalSmtpServer, Received
from tests.ui.conftest import SAL, login_cookie, sign_up
from tests.ui.gradio_http import backend_handlers, call, config

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smtp() -> Iterator[LocalSmtpServer]:
    with LocalSmtpServer() as server:
        yield server


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, smtp: LocalSmtpServer) -> Iterator[AppServer]:
    with running_mail_app(tmp_path_factory.mktemp("mail-app"), smtp.port, MAIL_POLL_S="0.5") as server:
        yield server


def mail_to(smtp: LocalSmtpServer, address: str, subject_has: str = "", timeout: float = 15) -> Received:
    """The newest message to ``address`` (whose subject contains ``subject_has``), waiting for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with smtp.lock:
            found = [
                m
                for m in smtp.received
                if address in m.rcpt_tos and subject_has.lower() in str(m.message["Subject"]).lower()
            ]
        if found:
            return found[-1]
        time.sleep(0.05)
    raise AssertionError(f"no message to {address} about {subject_has!r}")


def client(server: AppServer, token: str) -> Client:
    return app_client(server.url, token)


def handler_reply(server: AppServer, api_name: str, token: str | None, **page_params: str) -> Any:
    """Every widget update a handler answers (layouts included), called as the browser calls it."""
    handler = next(d["id"] for d in backend_handlers(config(server.url)) if d["api_name"] == api_name)
    reply = call(server.url, handler, [], token=token, page_params=page_params)
    assert reply.ok, reply.output
    return reply.output["data"]


def enter(server: AppServer, token: str | None, **page_params: str) -> str:
    """What the app shows when a page is opened at ``/?<page_params>``, as one JSON text."""
    return json.dumps(handler_reply(server, "enter", token, **page_params), ensure_ascii=False)


def reset_form_shown(server: AppServer, **page_params: str) -> bool:
    """Whether the "Choose a new password" form is on the page (the 8th widget ``enter`` answers)."""
    return bool(handler_reply(server, "enter", None, **page_params)[7]["visible"])


def forgot(server: AppServer, email: str) -> httpx.Response:
    return httpx.post(f"{server.url}/auth/forgot", json={"email": email}, timeout=30)


def test_the_sign_in_page_offers_forgot_password(app_server: AppServer) -> None:
    page = httpx.get(f"{app_server.url}/config").text
    assert "Forgot your password?" in page and "mm-forgot-email" in page
    assert "Ask the person who runs Memory Maker" not in page


def test_a_forgotten_password_is_reset_from_the_emailed_link_once(
    app_server: AppServer, studio: Studio, smtp: LocalSmtpServer
) -> None:
    family = sign_up(studio, "forgetful@example.org", "Forgetful")
    asked = forgot(app_server, family.email)
    assert asked.status_code == 200 and "emailed it a link" in asked.json()["message"]
    link = mail_to(smtp, family.email, "password").link()
    assert link.startswith(f"{app_server.url}/reset?token=")
    token = link.split("token=", 1)[1]
    opened = httpx.get(link, follow_redirects=True)
    assert opened.status_code == 200 and str(opened.url).endswith(f"/?reset={token}")
    assert reset_form_shown(app_server, reset=token) and not reset_form_shown(app_server)
    body = {"token": token, "new_password": "remembered at last"}
    assert httpx.post(f"{app_server.url}/auth/reset", json=body).status_code == 200
    with pytest.raises(Exception, match="sign in again"):
        client(app_server, family.token).predict(api_name="/library")
    login_cookie(app_server, family.email, "remembered at last")
    used = httpx.post(f"{app_server.url}/auth/reset", json=body)
    assert used.status_code == 401 and "Please ask for a new one" in used.json()["error"]


def test_an_unknown_email_gets_the_same_answer(app_server: AppServer, studio: Studio) -> None:
    sign_up(studio, "known.here@example.org", "Known")
    known = forgot(app_server, "known.here@example.org")
    unknown = forgot(app_server, "never.here@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.json()["message"].replace("known.here", "X") == unknown.json()["message"].replace(
        "never.here", "X"
    )


def test_a_new_account_confirms_its_address_from_the_emailed_link(
    app_server: AppServer, studio: Studio, smtp: LocalSmtpServer
) -> None:
    body = {"email": "newcomer@example.org", "password": "a long enough one", "display_name": "Newcomer"}
    registered = httpx.post(f"{app_server.url}/auth/register", json=body)
    token = str(registered.cookies["mm_session"])
    account = handler_reply(app_server, "account", token)
    assert account[4]["visible"] is True and account[6]["visible"] is True  # emails box, "send again"
    link = mail_to(smtp, "newcomer@example.org", "confirm").link()
    landing = httpx.get(link, follow_redirects=False)
    confirm = link.split("token=", 1)[1]
    assert landing.status_code == 303 and landing.headers["location"] == f"/?confirm={confirm}"
    assert "is confirmed" in enter(app_server, None, confirm=confirm)
    assert "is confirmed" in enter(app_server, token, confirm=confirm), "opening it twice is harmless"
    user = studio.accounts.authenticate(token)
    assert studio.accounts.notifications(user).email_confirmed
    assert "work any more" in enter(app_server, None, confirm="x" * 43)


def test_the_confirmation_link_can_be_sent_again(
    app_server: AppServer, studio: Studio, smtp: LocalSmtpServer
) -> None:
    family = sign_up(studio, "again@example.org", "Again")
    said = client(app_server, family.token).predict(api_name="/account_confirm")
    assert "emailed a new confirmation link" in said
    assert mail_to(smtp, family.email, "confirm").link().startswith(f"{app_server.url}/confirm?token=")


def test_the_book_ready_email_opens_the_book(
    app_server: AppServer, studio: Studio, smtp: LocalSmtpServer
) -> None:
    family = sign_up(studio, "waiting@example.org", "Waiting")
    app = client(app_server, family.token)
    assert "email you when a book is ready" in app.predict(True, api_name="/account_notify")
    assert studio.accounts.notifications(family.user).book_ready
    sal = studio.characters.create(family.user, SAL)
    job = studio.books.start(family.user, StorySettings(character_ids=(sal.id,), pages=4))
    link = ready_link(smtp, family.email)
    assert link == f"{app_server.url}/?book={job.book_id}"
    # The page opens on the Book tab (the book itself travels in server-side state, never to the browser).
    assert opened_tab(app_server, family.token, book=str(job.book_id)) == "book"
    assert opened_tab(app_server, family.token) == "characters"
    stranger = sign_up(studio, "stranger@example.org", "Stranger")
    assert opened_tab(app_server, stranger.token, book=str(job.book_id)) == "characters"


def opened_tab(server: AppServer, token: str, **page_params: str) -> str:
    return str(handler_reply(server, "enter", token, **page_params)[4]["selected"])


def ready_link(smtp: LocalSmtpServer, address: str) -> str:
    message = mail_to(smtp, address, "ready", timeout=60)
    return next(word for word in message.text().split() if "?book=" in word).rstrip(".,)")
