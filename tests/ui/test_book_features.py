"""New versions, sequels, the parent's corner, EPUB and print sizes, and the admin page, through the
running app's handlers and routes, as a family's browser (or an outsider) would call them."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import httpx
import pytest
from gradio_client import Client
from pypdf import PdfReader

from engine import Book, StorySettings, Studio
from tests.app_server import AppServer, Family, app_client
from tests.ui.conftest import REX, SAL, login_cookie, sign_up

pytestmark = pytest.mark.slow
MM_PER_PT = 25.4 / 72


def client(server: AppServer, token: str) -> Client:
    return app_client(server.url, token)


def get(server: AppServer, path: str, token: str | None, **params: Any) -> httpx.Response:
    cookies = {"mm_session": token} if token else None
    return httpx.get(f"{server.url}{path}", params=params, cookies=cookies, timeout=60)


def wait_until(check: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def reader(studio: Studio) -> tuple[Family, Book]:
    family = sign_up(studio, "reader@example.org", "The Okafors")
    sal, rex = studio.characters.create(family.user, SAL), studio.characters.create(family.user, REX)
    settings = StorySettings(character_ids=(sal.id, rex.id), pages=4, seed=11, moral="sharing")
    return family, studio.books.generate(family.user, settings)


def open_in_app(app: Client, book_id: int) -> Any:
    """Open a book the way the library's "find a book" does, then show it on the Book page."""
    app.predict(api_name="/library")
    app.predict(book_id, api_name="/library_find")
    return app.predict(api_name="/book_open")


def test_the_book_view_shows_the_parents_corner(app_server: AppServer, reader: tuple[Family, Book]) -> None:
    family, book = reader
    shown = str(open_in_app(client(app_server, family.token), book.id))
    assert "Questions to talk about together" in shown
    assert shown.count("<li>") == 3 and "grade" in shown.lower()


def test_restyling_opens_a_new_version_and_keeps_the_original(
    app_server: AppServer, studio: Studio, reader: tuple[Family, Book]
) -> None:
    family, book = reader
    app = client(app_server, family.token)
    open_in_app(app, book.id)
    app.predict("comic", api_name="/book_restyle")
    copy = next(b for b in studio.books.list(family.user) if b.version_of_id == book.id)
    assert copy.style == "comic" and copy.id != book.id
    opened = str(app.predict(api_name="/book_open"))
    assert "Comic version of" in opened and "original is kept in your library" in opened
    wait_until(lambda: studio.books.get(family.user, copy.id).status == "ready")
    assert studio.books.get(family.user, book.id) == book
    shelf = str(app.predict(api_name="/library"))
    assert f"{book.title} — comic version" in shelf


def test_the_next_adventure_joins_the_series_and_the_library_says_so(
    app_server: AppServer, studio: Studio, reader: tuple[Family, Book]
) -> None:
    family, book = reader
    app = client(app_server, family.token)
    open_in_app(app, book.id)
    app.predict("space", api_name="/book_next_adventure")
    sequel = next(b for b in studio.books.list(family.user) if b.series_index == 2)
    assert sequel.series_id == book.series_id
    assert studio.books.get(family.user, sequel.id).settings.setting == "space"
    shelf = str(app.predict(api_name="/library"))
    assert f"Book 2 of the {book.title} series" in shelf
    wait_until(lambda: studio.books.get(family.user, sequel.id).status == "ready")


def test_the_library_says_how_far_a_book_being_made_has_got(app_server: AppServer, studio: Studio) -> None:
    family = sign_up(studio, "patient@example.org", "Patient")
    sal = studio.characters.create(family.user, SAL)
    job = studio.books.start(family.user, StorySettings(character_ids=(sal.id,), pages=12))
    app = client(app_server, family.token)
    wait_until(lambda: studio.books.get(family.user, job.book_id).pages_done >= 1)
    shelf = str(app.predict(api_name="/library"))
    assert "still being made:" in shelf and " of 12" in shelf
    studio.jobs.cancel(family.user, job.id)


def test_the_epub_downloads_for_its_family_only(
    app_server: AppServer, studio: Studio, reader: tuple[Family, Book]
) -> None:
    family, book = reader
    mine = get(
        app_server, f"/media/books/{book.id}.epub", login_cookie(app_server, family.email, family.password)
    )
    assert mine.status_code == 200 and mine.headers["content-type"] == "application/epub+zip"
    assert "attachment" in mine.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(mine.content)) as epub:
        assert epub.read("mimetype") == b"application/epub+zip"
    stranger = sign_up(studio, "nosy@example.org", "Nosy")
    for token in (stranger.token, None):
        refused = get(app_server, f"/media/books/{book.id}.epub", token)
        assert refused.status_code == 404 and b"mimetype" not in refused.content


def test_the_pdf_comes_in_each_print_size_with_optional_bleed(
    app_server: AppServer, reader: tuple[Family, Book]
) -> None:
    family, book = reader

    def first_page_mm(**params: Any) -> tuple[int, int]:
        response = get(app_server, f"/media/books/{book.id}.pdf", family.token, **params)
        assert response.status_code == 200
        box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
        return round(float(box.width) * MM_PER_PT), round(float(box.height) * MM_PER_PT)

    assert first_page_mm(size="a4") == (210, 297)
    assert first_page_mm(size="letter") == (216, 279)
    assert first_page_mm(size="square") == (216, 216)
    assert first_page_mm(size="square", bleed="true") == (222, 222)
    assert get(app_server, f"/media/books/{book.id}.pdf", family.token, size="poster").status_code == 422


def test_the_print_links_follow_the_chosen_size_and_bleed(
    app_server: AppServer, reader: tuple[Family, Book]
) -> None:
    family, book = reader
    app = client(app_server, family.token)
    open_in_app(app, book.id)
    links = app.predict("a4", True, api_name="/book_print")
    assert f"/media/books/{book.id}.pdf?size=a4&amp;bleed=true" in links
    assert f"/media/books/{book.id}.epub" in links


def test_only_an_admin_sees_the_figures_and_makes_reset_links(
    app_server: AppServer, studio: Studio, reader: tuple[Family, Book]
) -> None:
    family, _ = reader
    plain = client(app_server, family.token)
    with pytest.raises(Exception, match="only for the people who run"):
        plain.predict(api_name="/admin")
    with pytest.raises(Exception, match="Only an admin"):
        plain.predict(family.email, api_name="/admin_reset_link")
    boss = sign_up(studio, "boss@example.org", "Boss")
    studio.accounts.make_admin(boss.email)
    admin = client(app_server, boss.token)
    figures = admin.predict(api_name="/admin")
    assert "Families" in figures and "Books, the last 14 days" in figures and "Email outbox" in figures
    link = admin.predict(family.email, api_name="/admin_reset_link")
    assert "/reset?token=" in str(link)


def test_an_admin_reset_link_opens_the_reset_page_and_works_once(
    app_server: AppServer, studio: Studio
) -> None:
    family = sign_up(studio, "locked.out@example.org", "Locked Out")
    boss = studio.accounts.make_admin(sign_up(studio, "boss2@example.org", "Boss Two").email)
    token = studio.accounts.admin_reset_link(boss, family.email).split("token=", 1)[1]
    landing = httpx.get(f"{app_server.url}/reset", params={"token": token}, follow_redirects=False)
    assert landing.status_code == 303 and landing.headers["location"] == f"/?reset={token}"
    assert landing.headers["referrer-policy"] == "no-referrer"
    body = {"token": token, "new_password": "a fresh new password"}
    changed = httpx.post(f"{app_server.url}/auth/reset", json=body)
    assert changed.status_code == 200 and "Password changed" in changed.json()["message"]
    with pytest.raises(Exception, match="sign in again"):
        client(app_server, family.token).predict(api_name="/library")
    login_cookie(app_server, family.email, "a fresh new password")
    again = httpx.post(f"{app_server.url}/auth/reset", json={**body, "new_password": "yet another one"})
    assert again.status_code == 401 and "used already" in again.json()["error"]


def test_without_email_the_sign_in_page_says_who_to_ask(app_server: AppServer) -> None:
    page = httpx.get(f"{app_server.url}/config").text
    assert "Ask the person who runs Memory Maker for a reset link." in page
    assert "mm-forgot-email" not in page
    refused = httpx.post(f"{app_server.url}/auth/forgot", json={"email": "someone@example.org"})
    assert refused.status_code == 400 and "ask the person who runs it" in refused.json()["error"]
