"""In a real browser (Debian's Chromium), a family signs up, changes its password, signs out and back in:
no password and no session token is ever where a script could read it (localStorage, sessionStorage,
``document.cookie``, IndexedDB names), and no password reaches the app's log or its database file."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.app_server import AppServer
from tests.browser.conftest import DESKTOP, chromium, field, sign_in
from tests.reliability.figures import record

pytestmark = [pytest.mark.reliability, pytest.mark.slow, pytest.mark.browser]
EMAIL = "browser-family@example.org"
FIRST, SECOND = "Narwhal-Teapot-Password-6142", "Gecko-Lighthouse-Password-9073"
READABLE = """async () => JSON.stringify({
  local: {...localStorage},
  session: {...sessionStorage},
  cookie: document.cookie,
  indexed: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def readable(page: Page) -> str:
    """Everything a script on the page can read from the browser's storage."""
    return str(page.evaluate(READABLE))


def sign_up(page: Page) -> None:
    page.get_by_role("tab", name="Create an account", exact=True).click()
    field(page, "mm-new-name").fill("The Browser family")
    field(page, "mm-new-email").fill(EMAIL)
    field(page, "mm-new-password").fill(FIRST)
    page.locator("#mm-register-button").click()
    expect(page.locator("#mm-app")).to_be_visible()


def change_password(page: Page) -> None:
    page.get_by_role("tab", name="Account", exact=True).click()
    page.get_by_label("Current password", exact=True).fill(FIRST)
    page.get_by_label("New password (at least 8 characters)", exact=True).fill(SECOND)
    page.get_by_role("button", name="Change password", exact=True).click()
    expect(page.get_by_text("Password changed")).to_be_visible()


def sign_out_and_in(page: Page) -> None:
    page.locator("#mm-sign-out").click()
    expect(page.locator("#mm-welcome")).to_be_visible()
    sign_in(page, EMAIL, SECOND)
    expect(page.locator("#mm-app")).to_be_visible()


def test_passwords_and_sessions_stay_out_of_script_storage_the_log_and_the_database(
    quiet_app: AppServer, browser: Browser
) -> None:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(quiet_app.url)
    expect(page.locator("#mm-welcome")).to_be_visible()
    seen, tokens = [], set()
    for step in (sign_up, change_password, sign_out_and_in):
        step(page)
        seen.append(readable(page))
        tokens |= {c["value"] for c in context.cookies() if c["name"] == "mm_session"}
    page.reload()
    expect(page.locator("#mm-app")).to_be_visible()
    seen.append(readable(page))
    session = next(c for c in context.cookies() if c["name"] == "mm_session")
    context.close()

    secrets = [FIRST, SECOND, *tokens]
    in_browser = [s[:6] for s in secrets for dump in seen if s in dump]
    files = [quiet_app.log_path, *quiet_app.data_dir.glob("memory-maker.db*")]
    in_files = [f"{p.name}: {s[:6]}" for p in files for s in (FIRST, SECOND) if s.encode() in p.read_bytes()]
    record("test_browser_storage", leaks=len(in_browser) + len(in_files), secrets_checked=len(secrets))
    assert len(tokens) >= 2, "signing in again gave a new session"
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    assert in_browser == [], json.loads(seen[-1])
    assert in_files == []
