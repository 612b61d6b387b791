"""The pages' handlers and the sign-in routes, called through gradio_client and HTTP on a running app."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from gradio_client import Client

from engine import Studio
from tests.app_server import AppServer, app_client
from tests.ui.conftest import REX, SAL, login_cookie, sign_up

pytestmark = pytest.mark.slow
WRONG = "That email and password don't match. Please try again."


def client(server: AppServer, token: str) -> Client:
    return app_client(server.url, token)


def post(
    server: AppServer, path: str, body: dict[str, Any], token: str | None = None, **headers: str
) -> httpx.Response:
    cookies = {"mm_session": token} if token else None
    return httpx.post(f"{server.url}{path}", json=body, cookies=cookies, headers=headers, timeout=30)


def test_wrong_password_and_unknown_email_get_the_same_answer(app_server: AppServer, studio: Studio) -> None:
    sign_up(studio, "known@example.org", "Known")
    wrong = post(app_server, "/auth/login", {"email": "known@example.org", "password": "not the password"})
    unknown = post(app_server, "/auth/login", {"email": "nobody@example.org", "password": "not the password"})
    assert (
        (wrong.status_code, wrong.json()) == (unknown.status_code, unknown.json()) == (401, {"error": WRONG})
    )
    assert "mm_session" not in wrong.cookies


def test_sign_in_pauses_for_fifteen_minutes_after_five_wrong_passwords(
    app_server: AppServer, studio: Studio
) -> None:
    sign_up(studio, "forgetful@example.org", "Forgetful")
    for _ in range(5):
        post(app_server, "/auth/login", {"email": "forgetful@example.org", "password": "wrong wrong"})
    right = post(
        app_server, "/auth/login", {"email": "forgetful@example.org", "password": "correct horse battery"}
    )
    assert right.status_code == 401
    assert "paused for 15 minutes" in right.json()["error"]


def test_a_taken_email_is_explained_when_creating_an_account(app_server: AppServer, studio: Studio) -> None:
    sign_up(studio, "taken@example.org", "Taken")
    response = post(
        app_server, "/auth/register", {"email": "taken@example.org", "password": "long enough pw"}
    )
    assert response.status_code == 400
    assert "already registered" in response.json()["error"]


def test_the_session_cookie_is_http_only(app_server: AppServer, studio: Studio) -> None:
    response = post(
        app_server, "/auth/register", {"email": "cookie@example.org", "password": "long enough pw"}
    )
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=lax" in header
    assert "long enough pw" not in header


def test_signing_out_revokes_the_session_on_the_server(app_server: AppServer, studio: Studio) -> None:
    family = sign_up(studio, "leaving@example.org", "Leaving")
    token = login_cookie(app_server, family.email, family.password)
    assert post(app_server, "/auth/logout", {}, token).status_code == 200
    with pytest.raises(Exception, match="sign in again"):
        client(app_server, token).predict(api_name="/library")


def test_changing_the_password_signs_out_every_other_device(app_server: AppServer, studio: Studio) -> None:
    family = sign_up(studio, "mover@example.org", "Mover")
    laptop = login_cookie(app_server, family.email, family.password)
    phone = login_cookie(app_server, family.email, family.password)
    body = {"old_password": family.password, "new_password": "a brand new password"}
    changed = post(app_server, "/auth/password", body, laptop)
    assert changed.status_code == 200
    fresh = str(changed.cookies["mm_session"])
    assert client(app_server, fresh).predict(api_name="/account")[1] == "Mover"
    for old in (laptop, phone):
        with pytest.raises(Exception, match="sign in again"):
            client(app_server, old).predict(api_name="/account")


def test_a_guest_keeps_their_characters_after_saving_the_account(
    app_server: AppServer, studio: Studio
) -> None:
    guest = post(app_server, "/auth/guest", {})
    token = str(guest.cookies["mm_session"])
    user = studio.accounts.authenticate(token)
    studio.characters.create(user, SAL)
    saved = post(
        app_server, "/auth/save-guest", {"email": "saved@example.org", "password": "now a family"}, token
    )
    assert saved.status_code == 200
    again = login_cookie(app_server, "saved@example.org", "now a family")
    items, _ = client(app_server, again).predict(api_name="/story_cast")
    assert [c[0] for c in items["choices"]] == ["Sal"]


def test_a_family_starts_a_book_and_watches_the_pages_arrive(app_server: AppServer, studio: Studio) -> None:
    family = sign_up(studio, "maker@example.org", "Maker")
    sal, rex = studio.characters.create(family.user, SAL), studio.characters.create(family.user, REX)
    app = client(app_server, family.token)
    app.predict(api_name="/story_cast")  # the session's cast choices, as when the tab is opened
    app.predict(
        [sal.id, rex.id], "3-5", 6, "funny", "sharing", "seaside", "flat", "en", "", api_name="/story_start"
    )
    opened = app.predict(api_name="/book_open")
    seen_progress, deadline = "<progress" in str(opened), time.monotonic() + 120
    while time.monotonic() < deadline:
        tick = app.predict(api_name="/book_tick")
        seen_progress |= "<progress" in str(tick[1])
        book = studio.books.list(family.user)[0]
        if book.status == "ready":
            break
        time.sleep(0.5)
    assert book.status == "ready" and book.pages_done == 6
    assert seen_progress
    grid = app.predict(api_name="/book_open")
    assert "Page 6" in str(grid)


def test_health_reports_the_database_migrations_and_providers(app_server: AppServer) -> None:
    report = httpx.get(f"{app_server.url}/health").json()
    assert report["status"] == "ok" and report["database"] and report["migrations_current"]
    assert report["providers"]["writer"].startswith("offline")


def test_a_form_posted_from_another_website_is_refused(app_server: AppServer, studio: Studio) -> None:
    sign_up(studio, "csrf@example.org", "Csrf")
    body = {"email": "csrf@example.org", "password": "correct horse battery"}
    assert post(app_server, "/auth/login", body, origin="https://evil.example").status_code == 403
    assert post(app_server, "/auth/login", body, origin=app_server.url).status_code == 200


def test_run_history_is_off_and_handlers_cannot_skip_the_queue(app_server: AppServer) -> None:
    cfg = httpx.get(f"{app_server.url}/config").json()
    assert cfg["run_history"] is False
    direct = httpx.post(f"{app_server.url}/gradio_api/run/library", json={"data": []})
    assert direct.status_code != 200


def test_deleting_the_account_removes_everything_and_ends_the_session(
    app_server: AppServer, studio: Studio
) -> None:
    family = sign_up(studio, "goodbye@example.org", "Goodbye")
    studio.characters.create(family.user, SAL)
    app = client(app_server, family.token)
    with pytest.raises(Exception, match="Tick the box"):
        app.predict(False, api_name="/account_delete")
    app.predict(True, api_name="/account_delete")
    assert (
        post(app_server, "/auth/login", {"email": family.email, "password": family.password}).status_code
        == 401
    )
    with pytest.raises(Exception, match="sign in again"):
        client(app_server, family.token).predict(api_name="/library")


def test_a_stopped_book_keeps_its_pages_and_can_be_finished_later(
    app_server: AppServer, studio: Studio
) -> None:
    family = sign_up(studio, "stopper@example.org", "Stopper")
    sal = studio.characters.create(family.user, SAL)
    app = client(app_server, family.token)
    app.predict(api_name="/story_cast")
    app.predict([sal.id], "3-5", 16, "cozy", "kindness", "forest", "flat", "en", "", api_name="/story_start")
    app.predict(api_name="/book_open")
    book_id = studio.books.list(family.user)[0].id
    wait_until(lambda: studio.books.get(family.user, book_id).pages_done >= 1)
    assert "Stopping" in str(app.predict(api_name="/book_stop"))
    wait_until(lambda: studio.books.get(family.user, book_id).status == "cancelled")
    kept = studio.books.get(family.user, book_id).pages_done
    assert 1 <= kept < 16
    assert "You stopped this book" in str(app.predict(api_name="/book_open"))
    app.predict(api_name="/book_resume")
    wait_until(lambda: studio.books.get(family.user, book_id).status == "ready", timeout=90)
    assert studio.books.get(family.user, book_id).pages_done == 16


def wait_until(check: Any, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_metrics_are_served_in_prometheus_format(app_server: AppServer) -> None:
    import httpx

    response = httpx.get(f"{app_server.url}/metrics", timeout=10)
    assert response.status_code == 200
    assert "memory_maker_jobs_total" in response.text or "# TYPE memory_maker_jobs counter" in response.text
    assert "memory_maker_job_seconds" in response.text
