"""A book being made shows the same progress after a reload and on another device, then finishes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.app_server import AppServer
from tests.browser.conftest import DESKTOP, PHONE, field, open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EMAIL, PASSWORD = "reload@example.org", "a long family password"


def test_progress_survives_a_reload_and_shows_on_another_device(
    app_server: AppServer, browser: Browser
) -> None:
    laptop = open_page(browser, app_server, DESKTOP)
    laptop.get_by_role("tab", name="Create an account", exact=True).click()
    field(laptop, "mm-new-email").fill(EMAIL)
    field(laptop, "mm-new-password").fill(PASSWORD)
    laptop.locator("#mm-register-button").click()
    expect(laptop.locator("#mm-app")).to_be_visible()
    field(laptop, "mm-character-name").fill("Mo")
    laptop.locator("#mm-save-character").click()
    expect(laptop.locator("#mm-character-note")).to_contain_text("Saved Mo")
    laptop.get_by_role("tab", name="New story", exact=True).click()
    laptop.locator("#mm-story-cast").get_by_label("Mo").check()
    pages = laptop.locator("#mm-pages input[type=number]")
    pages.fill("12")
    pages.press("Enter")
    laptop.locator("#mm-generate").click()
    expect(laptop.locator("#mm-progress progress")).to_be_visible()

    laptop.reload()
    expect(laptop.locator("#mm-progress progress")).to_be_visible()
    expect(laptop.get_by_role("tab", name="Book", exact=True)).to_have_attribute("aria-selected", "true")

    phone = open_page(browser, app_server, PHONE)
    sign_in(phone, EMAIL, PASSWORD)
    expect(phone.locator("#mm-app")).to_be_visible()
    expect(phone.locator("#mm-progress progress")).to_be_visible()
    drawn = int(phone.locator("#mm-progress progress").get_attribute("value") or 0)

    for device in (laptop, phone):
        expect(device.locator("#mm-progress")).to_contain_text("ready", timeout=90_000)
        expect(device.locator("#mm-grid img")).to_have_count(12)
    assert drawn < 13  # the phone joined while the book was still being made
    laptop.context.close()
    phone.context.close()
