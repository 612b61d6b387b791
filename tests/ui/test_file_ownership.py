"""Pictures, PDFs, read-aloud audio and the data archive reach only the family that owns them."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import pytest
from pypdf import PdfReader

from engine import Book, StorySettings, Studio
from tests.app_server import AppServer, Family
from tests.ui.conftest import REX, SAL, login_cookie, sign_up
from tests.ui.gradio_http import call, config

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def first(studio: Studio) -> tuple[Family, Book]:
    family = sign_up(studio, "first@example.org", "First Family")
    sal = studio.characters.create(family.user, SAL)
    rex = studio.characters.create(family.user, REX)
    made = studio.books.generate(family.user, StorySettings(character_ids=(sal.id, rex.id), pages=4, seed=3))
    return family, made


@pytest.fixture(scope="module")
def second(studio: Studio) -> Family:
    return sign_up(studio, "second@example.org", "Second Family")


def get(server: AppServer, path: str, token: str | None) -> httpx.Response:
    cookies = {"mm_session": token} if token else None
    return httpx.get(f"{server.url}{path}", cookies=cookies, timeout=60)


def test_the_family_downloads_its_pdf_and_it_opens(app_server: AppServer, first: tuple[Family, Book]) -> None:
    family, book = first
    token = login_cookie(app_server, family.email, family.password)
    response = get(app_server, f"/media/books/{book.id}.pdf", token)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= book.page_count


def test_a_second_family_cannot_fetch_the_first_family_s_pdf_url(
    app_server: AppServer, first: tuple[Family, Book], second: Family
) -> None:
    _, book = first
    for token in (second.token, None, "not-a-real-session-token-at-all-123"):
        response = get(app_server, f"/media/books/{book.id}.pdf", token)
        assert response.status_code == 404
        assert b"%PDF" not in response.content


def test_pictures_are_served_to_their_owner_only(
    app_server: AppServer, first: tuple[Family, Book], second: Family
) -> None:
    family, book = first
    image_id = book.pages[0].image_id
    assert image_id is not None
    mine = get(app_server, f"/media/images/{image_id}.webp", family.token)
    assert mine.status_code == 200 and mine.headers["content-type"].startswith("image/")
    assert "private" in mine.headers["cache-control"]
    for token in (second.token, None):
        assert get(app_server, f"/media/images/{image_id}.webp", token).status_code == 404


def test_read_aloud_audio_is_served_to_its_owner_only(
    app_server: AppServer, first: tuple[Family, Book], second: Family
) -> None:
    family, book = first
    path = f"/media/books/{book.id}/pages/0/read-aloud"
    for token in (second.token, None):
        assert get(app_server, path, token).status_code == 404
    mine = get(app_server, path, family.token)
    assert mine.status_code in (200, 404)  # 404 only when no narrator is installed
    if mine.status_code == 200:
        assert mine.headers["content-type"].startswith("audio/")


def test_my_data_archive_holds_my_things_and_none_of_another_family_s(
    app_server: AppServer, first: tuple[Family, Book], second: Family
) -> None:
    family, _ = first
    with zipfile.ZipFile(io.BytesIO(get(app_server, "/media/my-data.zip", family.token).content)) as archive:
        names = archive.namelist()
        assert json.loads(archive.read("account.json"))["email"] == family.email
        assert any(n.endswith("book.pdf") for n in names)
        assert sum(n.startswith("characters/") and n.endswith(".json") for n in names) == 2
    with zipfile.ZipFile(io.BytesIO(get(app_server, "/media/my-data.zip", second.token).content)) as archive:
        assert not any(n.startswith("books/") for n in archive.namelist())
    assert get(app_server, "/media/my-data.zip", None).status_code == 404


def test_pages_never_point_at_gradio_temp_files(app_server: AppServer, first: tuple[Family, Book]) -> None:
    family, book = first
    cfg = config(app_server.url)
    handlers = {d["api_name"]: d["id"] for d in cfg["dependencies"] if d.get("backend_fn")}
    outputs = [call(app_server.url, handlers["enter"], [], token=family.token).output]
    outputs.append(call(app_server.url, handlers["library"], [], token=family.token).output)
    dumped = json.dumps(outputs)
    assert f"/media/images/{book.pages[0].image_id}.webp" in dumped
    assert "/gradio_api/file=" not in dumped
