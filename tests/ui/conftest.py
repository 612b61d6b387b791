"""UI fixtures: the real app in a subprocess, and a Studio in the test process on the same database."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from engine import CharacterSpec, Studio
from tests.app_server import AppServer, Family, running_app


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    # A little time per picture, as with an online illustrator, so progress can be watched.
    with running_app(tmp_path_factory.mktemp("app"), OFFLINE_PICTURE_DELAY_S="0.3") as server:
        yield server


@pytest.fixture(scope="module")
def studio(app_server: AppServer) -> Iterator[Studio]:
    """The same database the server uses, for setting up families and checking what changed."""
    with app_server.studio(picture_size=512) as s:
        yield s


def sign_up(studio: Studio, email: str, name: str, password: str = "correct horse battery") -> Family:
    user = studio.accounts.register(email, password, display_name=name)
    return Family(user, email, password, studio.accounts.login(email, password).token)


def login_cookie(server: AppServer, email: str, password: str) -> str:
    """Sign in the way the browser does and return the session cookie the server set."""
    response = httpx.post(f"{server.url}/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return str(response.cookies["mm_session"])


SAL = CharacterSpec(name="Sal", kind="girl", traits=("brave",), outfit_primary="#d62828")
REX = CharacterSpec(name="Rex", kind="dog", traits=("loyal",), outfit_primary="#1d4ed8")
