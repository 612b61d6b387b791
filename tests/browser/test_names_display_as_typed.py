"""Names like ``<img src=x onerror=…>`` and ``**bold**`` show exactly as typed and run no script."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Dialog, expect

from tests.app_server import AppServer
from tests.browser.conftest import DESKTOP, field, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TAG = "<img src=x onerror=window.__pwned=1>"


def test_markup_in_names_is_shown_as_text_and_never_runs(app_server: AppServer, browser: Browser) -> None:
    page = open_page(browser, app_server, DESKTOP)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.get_by_role("tab", name="Create an account", exact=True).click()
    field(page, "mm-new-name").fill(f"{TAG} **bold**")
    field(page, "mm-new-email").fill("markup@example.org")
    field(page, "mm-new-password").fill("a long enough password")
    page.locator("#mm-register-button").click()
    expect(page.locator("#mm-hello")).to_contain_text(f"{TAG} **bold**")

    field(page, "mm-character-name").fill("**Bold** ${alert(1)}")
    page.locator("#mm-save-character").click()
    expect(page.locator("#mm-character-note")).to_contain_text("Saved **Bold** ${alert(1)}")
    expect(page.locator("#mm-cast")).to_contain_text("**Bold** ${alert(1)}")

    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("#mm-app img[src='x']").count() == 0
    assert page.locator("#mm-hello strong strong, #mm-cast strong").count() == 0
