"""Migrations, constraints and cascades, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from storage import tables as t
from storage.db import Database


def test_migrations_create_the_schema_and_agree_with_the_models(database_url: str) -> None:
    db = Database(database_url)
    try:
        assert db.migrations_current()
        command.check(db.alembic_config())  # raises if the models and the migrations differ
        names = set(inspect(db.engine).get_table_names())
        assert {
            "users",
            "sessions",
            "characters",
            "books",
            "pages",
            "images",
            "usage_events",
            "jobs",
        } <= names
    finally:
        db.dispose()


def test_opening_twice_is_harmless(database_url: str) -> None:
    Database(database_url).dispose()
    db = Database(database_url)
    assert db.migrations_current()
    db.dispose()


def _user(db: Database, email: str = "a@example.org") -> int:
    with db.transaction() as s:
        row = t.User(email=email, password_hash="x", display_name="A")
        s.add(row)
        s.flush()
        return row.id


def _book(db: Database, owner: int, **kw: object) -> int:
    with db.transaction() as s:
        book = t.Book(owner_id=owner, page_count=kw.pop("page_count", 8), recipe={}, **kw)
        s.add(book)
        s.flush()
        return book.id


@pytest.mark.parametrize("bad", [{"status": "exploded"}, {"page_count": 0}, {"page_count": 99}])
def test_check_constraints_refuse_impossible_books(database_url: str, bad: dict[str, object]) -> None:
    db = Database(database_url)
    owner = _user(db)
    with pytest.raises(IntegrityError):
        _book(db, owner, **bad)
    db.dispose()


def test_emails_are_unique(database_url: str) -> None:
    db = Database(database_url)
    _user(db)
    with pytest.raises(IntegrityError):
        _user(db)
    db.dispose()


def test_deleting_a_user_deletes_everything_they_own(database_url: str) -> None:
    db = Database(database_url)
    owner, other = _user(db), _user(db, "b@example.org")
    book_id = _book(db, owner)
    kept = _book(db, other)
    with db.transaction() as s:
        image = t.Image(owner_id=owner, data=b"x", format="png", width=1, height=1, provider="p", model="m")
        s.add(image)
        s.flush()
        s.add(t.Page(book_id=book_id, index=0, text="Once", image_id=image.id))
        s.add(t.UsageEvent(user_id=owner, book_id=book_id, what="image", provider="p", model="m"))
    with db.transaction() as s:
        s.execute(text("DELETE FROM users WHERE id = :id"), {"id": owner})
    with db.read() as s:
        assert s.scalars(select(t.Book.id)).all() == [kept]
        assert s.scalars(select(t.Page.id)).all() == []
        assert s.scalars(select(t.Image.id)).all() == []
        assert s.scalars(select(t.UsageEvent.id)).all() == []
    db.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    db = Database(f"sqlite:///{tmp_path}/x.db")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_timestamps_come_back_timezone_aware(database_url: str) -> None:
    db = Database(database_url)
    _user(db)
    with db.read() as s:
        user = s.scalar(select(t.User))
        assert user is not None and user.created_at.tzinfo is not None
    db.dispose()
