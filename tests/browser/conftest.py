"""Browser fixtures: the real app, Debian's headless Chromium driven by Playwright, axe-core, screenshots."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.app_server import ROOT, AppServer, running_app

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    # Half a second per picture, like a quick online illustrator, so progress is visible.
    with running_app(tmp_path_factory.mktemp("browser-app"), OFFLINE_PICTURE_DELAY_S="0.5") as server:
        yield server


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, started the way every browser test starts it."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed: apt-get install -y chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def open_page(browser: Browser, server: AppServer, viewport: dict[str, int], *, dark: bool = False) -> Page:
    """A fresh browser profile (no cookies) on the app; ``dark`` as on a phone set to dark mode."""
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        accept_downloads=True,
        color_scheme="dark" if dark else "light",
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(server.url)
    page.wait_for_selector("#mm-welcome, #mm-app", state="visible")
    return page


def field(page: Page, elem_id: str) -> Any:
    """The text input inside a Gradio textbox (one-line boxes are textareas, passwords are inputs)."""
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def sign_in(page: Page, email: str, password: str) -> None:
    """Type into the welcome page's sign-in form and press the button (the caller checks what follows)."""
    field(page, "mm-login-email").fill(email)
    field(page, "mm-login-password").fill(password)
    page.locator("#mm-sign-in-button").click()


def shoot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_accessibility_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {json.dumps([n['target'] for n in v['nodes']][:4])}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
