"""Reliability fixtures: one quiet app shared by the input, security and browser checks, and a victim family.

The quiet app runs no book-making threads (``WORKER_THREADS=0``), so nothing but the call under test
changes its database and "a refused call changed nothing" can be checked row by row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update

from engine import Book, CharacterSpec, StorySettings, Studio
from engine.secrets import token_hash
from storage import tables as t
from tests.app_server import AppServer, Family, running_app
from tests.conftest import fresh_schema

PASSWORD = "correct horse battery"
SECRET_TITLE = "Marker Moonlit Secret"
SECRET_WORDS = "Vorpal whispering secret words"


@dataclass(frozen=True)
class Victim:
    """A family with things worth stealing, and the ids an attacker would try."""

    family: Family
    book: Book
    ids: tuple[int, ...]  # its characters, book, pictures and job
    markers: tuple[str, ...]  # text that only this family's data contains
    expired_token: str
    revoked_token: str


@pytest.fixture(scope="session")
def quiet_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    with running_app(tmp_path_factory.mktemp("quiet-app"), WORKER_THREADS="0") as server:
        yield server


@pytest.fixture(scope="session")
def quiet_studio(quiet_app: AppServer) -> Iterator[Studio]:
    """The quiet app's database, seen through the engine (books are made here, in the test process)."""
    with quiet_app.studio(picture_size=256) as studio:
        yield studio


@pytest.fixture(scope="module")
def module_postgres_url(postgres_ok: bool) -> Iterator[str]:
    """Like ``postgres_url`` (a fresh schema, dropped afterwards) but shared by one module's tests."""
    if not postgres_ok:
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432")
    with fresh_schema() as url:
        yield url


def sign_up(server: AppServer, studio: Studio, email: str, name: str, password: str = PASSWORD) -> Family:
    """An account made the way the browser makes one: ``POST /auth/register`` sets the session cookie."""
    body = {"email": email, "password": password, "display_name": name}
    response = httpx.post(f"{server.url}/auth/register", json=body, timeout=30)
    assert response.status_code == 200, response.text
    token = str(response.cookies["mm_session"])
    return Family(studio.accounts.authenticate(token), email, password, token)


def sign_in(server: AppServer, email: str, password: str) -> httpx.Response:
    return httpx.post(f"{server.url}/auth/login", json={"email": email, "password": password}, timeout=30)


def expire(studio: Studio, token: str) -> None:
    with studio.db.transaction() as s:
        s.execute(
            update(t.Session)
            .where(t.Session.token_hash == token_hash(token))
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )


@pytest.fixture(scope="session")
def victim(quiet_app: AppServer, quiet_studio: Studio) -> Victim:
    studio = quiet_studio
    family = sign_up(quiet_app, studio, "victim@example.org", "Victim Vera")
    user = family.user
    sal = studio.characters.create(user, CharacterSpec(name="Zephyrine", kind="girl", traits=("brave",)))
    rex = studio.characters.create(user, CharacterSpec(name="Quillon", kind="dog"))
    made = studio.books.generate(user, StorySettings(character_ids=(sal.id, rex.id), pages=4, seed=7))
    studio.books.rename(user, made.id, SECRET_TITLE)
    studio.books.edit_page(user, made.id, 0, SECRET_WORDS)
    book = studio.books.get(user, made.id)
    pictures = [p.image_id for p in book.pages if p.image_id]
    portraits = [c.portrait_image_id for c in (sal, rex) if c.portrait_image_id]
    jobs = [j.id for j in studio.jobs.list(user)]
    expired = sign_in(quiet_app, family.email, PASSWORD).cookies["mm_session"]
    expire(studio, expired)
    revoked = sign_in(quiet_app, family.email, PASSWORD).cookies["mm_session"]
    studio.accounts.logout(revoked)
    markers: tuple[str, ...] = ("Zephyrine", "Quillon", SECRET_TITLE, "Vorpal", family.email, "Victim Vera")
    markers += (*(f"/media/images/{i}." for i in pictures + portraits), f"/media/books/{book.id}.")
    ids = tuple(sorted({sal.id, rex.id, book.id, *pictures, *portraits, *jobs}))
    return Victim(family, book, ids, markers, str(expired), str(revoked))
