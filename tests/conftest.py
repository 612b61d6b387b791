"""Shared fixtures: real databases (SQLite file, PostgreSQL schema), a real Studio, families."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from engine import CharacterSpec, Settings, Studio, User
from tests.fakes.smtp_server import LocalSmtpServer

pytest_plugins = [p for p in ["tests.fakes.conftest_openai"] if importlib.util.find_spec(p)]

PG_ADMIN_URL = os.environ.get("MM_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_available() -> bool:
    url = make_url(PG_ADMIN_URL)
    try:
        with psycopg.connect(
            host=url.host, port=url.port or 5432, user=url.username, dbname=url.database, connect_timeout=3
        ):
            return True
    except psycopg.Error:
        return False


@pytest.fixture(scope="session")
def postgres_ok() -> bool:
    ok = postgres_available()
    if not ok and os.environ.get("CI"):
        pytest.fail("PostgreSQL must be reachable in CI (127.0.0.1:5432, database test)")
    return ok


@contextlib.contextmanager
def fresh_schema() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a new schema, dropped afterwards (no data left behind)."""
    schema = f"mm_test_{uuid.uuid4().hex[:12]}"
    url = make_url(PG_ADMIN_URL)
    conninfo = dict(host=url.host, port=url.port or 5432, user=url.username, dbname=url.database)
    with psycopg.connect(**conninfo, autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(**conninfo, autocommit=True) as conn:  # type: ignore[arg-type]
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def postgres_url(postgres_ok: bool) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards (no data left behind)."""
    if not postgres_ok:
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432")
    with fresh_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Both databases the storage tests must pass on."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'memory-maker.db'}"
    return str(request.getfixturevalue("postgres_url"))


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    base: dict[str, object] = {
        "data_dir": tmp_path,
        "database_url": f"sqlite:///{tmp_path / 'memory-maker.db'}",
        "providers": "offline",
        "picture_size": 512,
    }
    base.update(overrides)
    return Settings(_env_file=None, **base)  # type: ignore[call-arg]


@pytest.fixture
def studio(tmp_path: Path) -> Iterator[Studio]:
    """A real Studio on a fresh SQLite file, making books in the caller's thread."""
    s = Studio(make_settings(tmp_path), workers=False)
    yield s
    s.close()


@pytest.fixture
def family(studio: Studio) -> User:
    return studio.accounts.register("ann@example.org", "correct horse battery", display_name="Ann")


@pytest.fixture
def other_family(studio: Studio) -> User:
    return studio.accounts.register("bob@example.org", "another long password", display_name="Bob")


@pytest.fixture
def smtp() -> Iterator[LocalSmtpServer]:
    """A real SMTP server on 127.0.0.1 whose received messages the test can read."""
    with LocalSmtpServer() as server:
        yield server


@pytest.fixture
def mail_studio(tmp_path: Path, smtp: LocalSmtpServer) -> Iterator[Studio]:
    """A Studio that sends its email to ``smtp``."""
    studio = Studio(make_settings(tmp_path, **smtp.settings()), workers=False)
    yield studio
    studio.close()


SAL = CharacterSpec(name="Sal", kind="girl", traits=("brave", "curious"), outfit_primary="#d62828")
REX = CharacterSpec(name="Rex", kind="dog", traits=("loyal",), outfit_primary="#1d4ed8")
