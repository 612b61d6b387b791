"""With more than one set of providers (here the built-in ones and a loopback OpenAI-compatible server),
the Book page offers to remake a book with the other ones, as a new version."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from engine import StorySettings, Studio
from tests.app_server import AppServer, app_client, running_app
from tests.fakes.conftest_openai import TEST_KEY
from tests.fakes.openai_config import FakeConfig
from tests.fakes.openai_server import FakeOpenAIServer
from tests.ui.conftest import SAL, sign_up

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def openai() -> Iterator[FakeOpenAIServer]:
    server = FakeOpenAIServer(FakeConfig(api_key=TEST_KEY)).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, openai: FakeOpenAIServer) -> Iterator[AppServer]:
    with running_app(
        tmp_path_factory.mktemp("two-provider-app"),
        PROVIDERS="auto",
        OPENAI_BASE_URL=openai.base_url,
        OPENAI_API_KEY=TEST_KEY,
        OPENAI_TIMEOUT_S="5",
    ) as server:
        yield server


def test_a_book_is_remade_with_the_other_providers_as_a_new_version(
    app_server: AppServer, studio: Studio
) -> None:
    page = httpx.get(f"{app_server.url}/config").json()
    picker = next(
        c for c in page["components"] if c.get("props", {}).get("elem_id") == "mm-rebuild-providers"
    )
    assert [value for _, value in picker["props"]["choices"]] == ["offline", "openai"]

    family = sign_up(studio, "remake@example.org", "Remake")
    sal = studio.characters.create(family.user, SAL)
    original = studio.books.generate(family.user, StorySettings(character_ids=(sal.id,), pages=4, seed=4))
    app = app_client(app_server.url, family.token)
    app.predict(api_name="/library")
    app.predict(original.id, api_name="/library_find")
    app.predict(api_name="/book_open")
    app.predict("openai", api_name="/book_rebuild")
    copy = next(b for b in studio.books.list(family.user) if b.version_of_id == original.id)
    deadline = time.monotonic() + 90
    while studio.books.get(family.user, copy.id).status != "ready":
        assert time.monotonic() < deadline, "the remade book never finished"
        time.sleep(0.3)
    with studio.db.read() as s:
        from storage import tables as t

        row = s.get(t.Book, copy.id)
        assert row is not None
        assert row.recipe["providers"]["illustrator"] == "openai"
    assert studio.books.get(family.user, original.id).status == "ready"
