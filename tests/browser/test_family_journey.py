"""A family's whole journey in a real browser, with screenshots and accessibility checks on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.app_server import AppServer
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    field,
    open_page,
    serious_accessibility_problems,
    shoot,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EMAIL, PASSWORD = "journey@example.org", "a long family password"


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


def make_character(page: Page, name: str, kind: str) -> None:
    if "Editing" in page.locator("#mm-designer h2").inner_text():
        page.locator("#mm-new-character").click()  # the heading changes once the fresh form has arrived
    expect(page.locator("#mm-designer h2")).to_have_text("Design a new character")
    field(page, "mm-character-name").fill(name)
    before = page.locator("#mm-preview img").get_attribute("src")
    choose(page, "Who are they?", kind)
    # The live preview redraws as soon as the kind changes, before anything is saved.
    expect(page.locator("#mm-preview img")).not_to_have_attribute("src", before or "")
    page.locator("#mm-save-character").click()
    expect(page.locator("#mm-character-note")).to_contain_text(f"Saved {name}")


def open_accordion(page: Page, elem_id: str, label: str) -> None:
    page.locator(f"#{elem_id}").get_by_text(label, exact=True).click()


def restyle(page: Page, style: str) -> None:
    """Draw the open book again in ``style``: the new version opens and fills in; the original is kept."""
    choose(page, "Draw the same story in another art style", style)
    page.locator("#mm-restyle").click()
    expect(page.locator("#mm-book-about")).to_contain_text(f"{style} version of")
    expect(page.locator("#mm-book-about")).to_contain_text("original is kept in your library")
    expect(page.locator("#mm-progress")).to_contain_text("ready", timeout=90_000)
    expect(page.locator("#mm-grid img")).to_have_count(6)


def grid_pictures(page: Page) -> list[str]:
    sources: list[str] = page.locator("#mm-grid img").evaluate_all(
        "imgs => imgs.map(i => i.getAttribute('src'))"
    )
    return sources


def check_page(page: Page, name: str, problems: dict[str, list[str]]) -> None:
    page.mouse.move(0, 0)  # no hover effects or half-finished transitions in the pictures
    page.wait_for_timeout(400)
    shoot(page, name)
    problems[name] = serious_accessibility_problems(page)
    for problem in problems[name]:
        print(f"{name}: {problem}")


def test_a_family_makes_a_book_from_sign_up_to_library(
    app_server: AppServer, browser: Browser, tmp_path: Path
) -> None:
    problems: dict[str, list[str]] = {}
    page = open_page(browser, app_server, DESKTOP)
    check_page(page, "desktop-01-welcome", problems)

    open_tab(page, "Create an account")
    field(page, "mm-new-name").fill("The Rivera family")
    field(page, "mm-new-email").fill(EMAIL)
    field(page, "mm-new-password").fill(PASSWORD)
    page.locator("#mm-register-button").click()
    expect(page.locator("#mm-app")).to_be_visible()
    expect(page.locator("#mm-hello")).to_contain_text("The Rivera family")

    make_character(page, "Sal", "Girl")
    make_character(page, "Rex", "Dog")
    expect(page.locator("#mm-cast img")).to_have_count(2)
    check_page(page, "desktop-02-characters", problems)

    open_tab(page, "New story")
    page.locator("#mm-story-cast").get_by_label("Sal").check()
    page.locator("#mm-story-cast").get_by_label("Rex").check()
    pages_box = page.locator("#mm-pages input[type=number]")
    pages_box.fill("6")
    pages_box.press("Enter")
    check_page(page, "desktop-03-new-story", problems)
    page.locator("#mm-generate").click()

    expect(page.locator("#mm-progress progress")).to_be_visible()
    check_page(page, "desktop-04-book-in-progress", problems)
    expect(page.locator("#mm-progress")).to_contain_text("ready", timeout=90_000)
    expect(page.locator("#mm-grid img")).to_have_count(6)
    assert all("/media/images/" in src for src in grid_pictures(page))

    page.locator("#mm-grid img").nth(1).click()
    expect(page.locator("#mm-page")).to_contain_text("Page 2")
    field(page, "mm-page-text").fill("Sal and Rex found a shiny shell by the water.")
    page.locator("#mm-save-text").click()
    expect(page.locator("#mm-page-note")).to_contain_text("Saved the words on page 2")

    page.locator("#mm-grid img").nth(2).click()
    expect(page.locator("#mm-page")).to_contain_text("Page 3")
    before = page.locator("#mm-page-picture img").get_attribute("src")
    page.locator("#mm-redraw").click()
    expect(page.locator("#mm-page-picture img")).not_to_have_attribute("src", before or "", timeout=60_000)
    check_page(page, "desktop-05-book-page", problems)

    with page.expect_download() as download:
        page.locator("#mm-download-pdf").click()
    saved = tmp_path / "book.pdf"
    download.value.save_as(saved)
    assert len(PdfReader(saved).pages) >= 6

    open_accordion(page, "mm-corner", "Parent's corner")
    expect(page.locator("#mm-corner-text li")).to_have_count(3)
    expect(page.locator("#mm-corner-text")).to_contain_text("Questions to talk about together")
    open_accordion(page, "mm-more", "Make more from this book")
    check_page(page, "desktop-06-parents-corner", problems)
    restyle(page, "Crayon")
    check_page(page, "desktop-07-new-version", problems)

    open_tab(page, "Account")
    expect(page.locator("#mm-account")).to_contain_text(EMAIL)
    check_page(page, "desktop-08-account", problems)
    page.locator("#mm-sign-out").click()
    expect(page.locator("#mm-welcome")).to_be_visible()

    sign_in(page, EMAIL, "not our password")
    expect(page.locator("#mm-sign-in-note")).to_contain_text("don't match")
    sign_in(page, EMAIL, PASSWORD)
    expect(page.locator("#mm-app")).to_be_visible()
    open_tab(page, "Library")
    expect(page.locator("#mm-library img")).to_have_count(2)
    expect(page.locator("#mm-library")).to_contain_text("crayon version")
    check_page(page, "desktop-09-library", problems)
    page.context.close()

    phone_tour(browser, app_server, problems)
    assert {k: v for k, v in problems.items() if v} == {}


def phone_tour(browser: Browser, server: AppServer, problems: dict[str, list[str]]) -> None:
    """The same pages on a 390×844 phone screen in dark mode, signed in as the same family."""
    page = open_page(browser, server, PHONE, dark=True)
    check_page(page, "phone-01-welcome", problems)
    sign_in(page, EMAIL, PASSWORD)
    expect(page.locator("#mm-app")).to_be_visible()
    check_page(page, "phone-02-characters", problems)
    for number, tab in enumerate(["New story", "Library", "Account"], start=3):
        open_tab(page, tab)
        page.wait_for_timeout(500)
        check_page(page, f"phone-{number:02d}-{re.sub(r'[^a-z]+', '-', tab.lower())}", problems)
    open_tab(page, "Library")
    page.locator("#mm-library img").first.click()
    expect(page.locator("#mm-grid img")).to_have_count(6)
    page.locator("#mm-grid img").first.click()
    expect(page.locator("#mm-page")).to_contain_text("Page 1")
    check_page(page, "phone-06-book", problems)
    open_accordion(page, "mm-corner", "Parent's corner")
    open_accordion(page, "mm-more", "Make more from this book")
    expect(page.locator("#mm-corner-text li")).to_have_count(3)
    check_page(page, "phone-07-parents-corner", problems)
    page.context.close()
