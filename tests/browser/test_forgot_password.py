"""A family that forgot its password gets back in from the emailed link (read from a real SMTP server on
127.0.0.1), then the person running Memory Maker looks at the admin page; screenshots and axe-core on each."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from engine import CharacterSpec, StorySettings, Studio
from tests.app_server import AppServer, running_mail_app
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    field,
    open_page,
    serious_accessibility_problems,
    shoot,
    sign_in,
)
from tests.fakes.smtp_server import LocalSmtpServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EMAIL, OLD, NEW = "forgetful@example.org", "the password we lost", "the password we chose"


@pytest.fixture(scope="module")
def smtp() -> Iterator[LocalSmtpServer]:
    with LocalSmtpServer() as server:
        yield server


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, smtp: LocalSmtpServer) -> Iterator[AppServer]:
    with running_mail_app(tmp_path_factory.mktemp("browser-mail-app"), smtp.port) as server:
        yield server


@pytest.fixture(scope="module")
def studio(app_server: AppServer) -> Iterator[Studio]:
    """The app's own database, for the things only a terminal can do (``make-admin``)."""
    with app_server.studio() as s:
        yield s


def look(page: Page, name: str, problems: dict[str, list[str]]) -> None:
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)
    shoot(page, name)
    problems[name] = serious_accessibility_problems(page)
    for problem in problems[name]:
        print(f"{name}: {problem}")


def test_a_family_resets_a_forgotten_password_from_the_emailed_link(
    app_server: AppServer, browser: Browser, smtp: LocalSmtpServer, studio: Studio
) -> None:
    studio.accounts.register(EMAIL, OLD, display_name="The Nguyens")
    problems: dict[str, list[str]] = {}
    page = open_page(browser, app_server, DESKTOP)
    page.locator("#mm-forgot").get_by_text("Forgot your password?", exact=True).click()
    field(page, "mm-forgot-email").fill(EMAIL)
    page.locator("#mm-forgot-button").click()
    expect(page.locator("#mm-forgot-note")).to_contain_text("we've emailed it a link")
    look(page, "desktop-10-forgot-password", problems)

    link = smtp.wait_for(1)[0].link()
    assert link.startswith(f"{app_server.url}/reset?token=")
    page.goto(link)
    expect(page.locator("#mm-reset")).to_be_visible()
    expect(page.locator("#mm-welcome")).to_be_hidden()
    look(page, "desktop-11-choose-new-password", problems)
    field(page, "mm-reset-password").fill(NEW)
    page.locator("#mm-reset-button").click()
    expect(page.locator("#mm-landing-note")).to_contain_text("Password changed. Please sign in")
    expect(page.locator("#mm-reset")).to_be_hidden()
    expect(page.locator("#mm-welcome")).to_be_visible()
    assert "token" not in page.url, "the used link is gone from the address bar"

    sign_in(page, EMAIL, OLD)
    expect(page.locator("#mm-sign-in-note")).to_contain_text("don't match")
    sign_in(page, EMAIL, NEW)
    expect(page.locator("#mm-app")).to_be_visible()
    expect(page.locator("#mm-landing-note")).not_to_contain_text("Password changed")
    page.get_by_role("tab", name="Account", exact=True).click()
    page.locator("#mm-notify").get_by_label("Tell me when a book is ready").check()
    expect(page.locator("#mm-email-note")).to_contain_text("email you when a book is ready")
    expect(page.locator("#mm-resend")).to_be_hidden()  # the reset link proved the address already
    look(page, "desktop-12-account-emails", problems)

    phone = open_page(browser, app_server, PHONE)
    phone.goto(link)
    expect(phone.locator("#mm-reset")).to_be_visible()
    field(phone, "mm-reset-password").fill("a third new password")
    phone.locator("#mm-reset-button").click()
    expect(phone.locator("#mm-reset-note")).to_contain_text("used already")
    expect(phone.locator("#mm-new-link")).to_be_visible()
    look(phone, "phone-08-used-reset-link", problems)
    phone.locator("#mm-new-link").click()
    expect(phone.locator("#mm-reset")).to_be_hidden()
    expect(phone.locator("#mm-forgot-email")).to_be_visible()
    phone.context.close()

    admin_tour(page, studio, problems)
    assert {k: v for k, v in problems.items() if v} == {}


def admin_tour(page: Page, studio: Studio, problems: dict[str, list[str]]) -> None:
    """Made an admin from the terminal, the family sees the Admin tab and makes a reset link."""
    expect(page.get_by_role("tab", name="Admin", exact=True)).to_have_count(0)
    studio.accounts.make_admin(EMAIL)
    grandma = studio.accounts.register(
        "grandma@example.org", "grandma's long password", display_name="Grandma"
    )
    pip = studio.characters.create(grandma, CharacterSpec(name="Pip", kind="fox"))
    studio.books.generate(grandma, StorySettings(character_ids=(pip.id,), pages=4))  # figures to look at
    page.reload()
    page.get_by_role("tab", name="Admin", exact=True).click()
    expect(page.locator("#mm-admin")).to_contain_text("Families")
    expect(page.locator("#mm-admin")).to_contain_text("Email outbox")
    field(page, "mm-admin-email").fill("grandma@example.org")
    page.locator("#mm-admin-make-link").click()
    expect(field(page, "mm-admin-link")).to_have_value(re.compile(r"/reset\?token="))
    look(page, "desktop-13-admin", problems)
    page.set_viewport_size({"width": PHONE["width"], "height": PHONE["height"]})
    look(page, "phone-09-admin", problems)
    page.context.close()
