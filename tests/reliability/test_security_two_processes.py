"""Security that must hold across app processes sharing one PostgreSQL: sign-in throttling counts wrong
passwords sent to either process, and a session ended on one process is refused by the other at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from engine import CharacterSpec, Settings, Studio
from tests.app_server import AppServer, running_app
from tests.reliability.figures import record

pytestmark = [pytest.mark.reliability, pytest.mark.slow, pytest.mark.postgres]
PASSWORD = "Pelican-Quarry-Password-3319"
TOO_MANY = "Too many tries"


def sign_in(server: AppServer, email: str, password: str) -> httpx.Response:
    return httpx.post(f"{server.url}/auth/login", json={"email": email, "password": password}, timeout=30)


def serves(server: AppServer, token: str, image_id: int) -> bool:
    url = f"{server.url}/media/images/{image_id}.webp"
    return httpx.get(url, cookies={"mm_session": token}, timeout=30).status_code == 200


@pytest.fixture(scope="module")
def two_apps(
    tmp_path_factory: pytest.TempPathFactory, module_postgres_url: str
) -> Iterator[tuple[AppServer, AppServer, Studio]]:
    root = tmp_path_factory.mktemp("two-apps")
    # Typed Any for running_app(**env), whose other keywords are typed too.
    env: dict[str, Any] = {"DATABASE_URL": module_postgres_url, "WORKER_THREADS": "0"}
    with running_app(root / "a", **env) as a, running_app(root / "b", **env) as b:
        settings = Settings(_env_file=None, database_url=module_postgres_url, providers="offline")
        with Studio(settings, workers=False) as studio:
            yield a, b, studio


def test_five_wrong_passwords_spread_over_two_processes_lock_the_account_on_both(
    two_apps: tuple[AppServer, AppServer, Studio],
) -> None:
    a, b, _ = two_apps
    email = "target@example.org"
    made = httpx.post(f"{a.url}/auth/register", json={"email": email, "password": PASSWORD}, timeout=30)
    assert made.status_code == 200
    wrong = [sign_in(server, email, f"guess-number-{n}") for n, server in enumerate((a, b, a, b, b))]
    assert [r.status_code for r in wrong] == [401] * 5
    assert TOO_MANY not in wrong[-1].text
    right = [sign_in(a, email, PASSWORD), sign_in(b, email, PASSWORD)]
    held = sum(r.status_code == 401 and TOO_MANY in r.json()["error"] for r in right)
    record("test_security_two_processes", throttle_bypasses=2 - held)
    assert held == 2, [r.text for r in right]
    assert all("mm_session" not in r.cookies for r in right)


def test_a_session_ended_on_one_process_is_refused_by_the_other(
    two_apps: tuple[AppServer, AppServer, Studio],
) -> None:
    a, b, studio = two_apps
    email = "both@example.org"
    made = httpx.post(f"{a.url}/auth/register", json={"email": email, "password": PASSWORD}, timeout=30)
    user = studio.accounts.authenticate(str(made.cookies["mm_session"]))
    portrait = studio.characters.create(user, CharacterSpec(name="Tig", kind="cat")).portrait_image_id
    assert portrait is not None
    phone, laptop, tablet = (str(sign_in(s, email, PASSWORD).cookies["mm_session"]) for s in (a, b, a))
    assert serves(b, phone, portrait) and serves(a, laptop, portrait), "sessions work on either process"
    httpx.post(f"{b.url}/auth/logout", cookies={"mm_session": phone}, timeout=30).raise_for_status()
    assert not serves(a, phone, portrait), "signed out on B, refused on A"
    change = {"old_password": PASSWORD, "new_password": PASSWORD + "-new"}
    changed = httpx.post(f"{a.url}/auth/password", json=change, cookies={"mm_session": tablet}, timeout=30)
    assert changed.status_code == 200
    assert not serves(b, laptop, portrait) and not serves(b, tablet, portrait), "password changed on A"
    assert serves(b, str(changed.cookies["mm_session"]), portrait)
