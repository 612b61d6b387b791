"""Backing up a live SQLite database and restoring it: consistent copies, careful restores, the CLI."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from engine import StorySettings, Studio, User
from storage.backup import BackupError, backup_sqlite, check_backup, postgres_commands, restore_sqlite
from tests.conftest import REX, SAL, make_settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def _family_with_books(studio: Studio, books: int = 1, pages: int = 4) -> User:
    user = studio.accounts.register("ann@example.org", PASSWORD, display_name="Ann")
    ids = (studio.characters.create(user, SAL).id, studio.characters.create(user, REX).id)
    for _ in range(books):
        book = studio.books.generate(user, StorySettings(character_ids=ids, pages=pages, seed=7))
        assert book.status == "ready", book.error
    return user


def _pages_and_dangling_references(path: Path) -> tuple[int, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        pages = int(conn.execute("SELECT count(*) FROM pages").fetchone()[0])
        return pages, conn.execute("PRAGMA foreign_key_check").fetchall()


def test_backups_taken_while_a_book_is_being_made_are_each_complete_and_consistent(tmp_path: Path) -> None:
    studio = Studio(make_settings(tmp_path, offline_picture_delay_s=0.05), workers=False)
    try:
        user = _family_with_books(studio, books=0)
        ids = tuple(c.id for c in studio.characters.list(user))
        maker = threading.Thread(
            target=lambda: [
                studio.books.generate(user, StorySettings(character_ids=ids, pages=8)) for _ in range(2)
            ]
        )
        maker.start()
        seen: set[int] = set()
        n = 0
        while maker.is_alive():
            n += 1
            report = backup_sqlite(studio.settings.resolved_database_url, tmp_path / f"live-{n}.db")
            pages, dangling = _pages_and_dangling_references(report.path)
            assert dangling == []
            assert report.rows["pages"] == pages
            seen.add(pages)
        maker.join()
        final = backup_sqlite(studio.settings.resolved_database_url, tmp_path / "final.db")
    finally:
        studio.close()
    assert len(seen) >= 2, "the backups should have caught the books part-way through"
    assert check_backup(final.path).rows["pages"] == 16
    assert final.rows["books"] == 2


def test_a_restored_database_has_every_character_book_and_page(tmp_path: Path) -> None:
    with Studio(make_settings(tmp_path / "home"), workers=False) as studio:
        user = _family_with_books(studio, books=2)
        books = [studio.books.get(user, b.id) for b in studio.books.list(user)]
        pictures = {
            (b.id, p.index): studio.books.page_image(user, b.id, p.index) for b in books for p in b.pages
        }
        backup = backup_sqlite(studio.settings.resolved_database_url, tmp_path / "backups")

    restored_url = f"sqlite:///{tmp_path / 'elsewhere' / 'memory-maker.db'}"
    report = restore_sqlite(backup.path, restored_url)

    assert report.rows["books"] == 2 and report.rows["pages"] == 8 and report.rows["characters"] == 2
    assert report.previous is None
    with Studio(make_settings(tmp_path / "elsewhere", database_url=restored_url), workers=False) as again:
        assert again.db.migrations_current()
        back = again.accounts.login("ann@example.org", PASSWORD).user
        assert [c.name for c in again.characters.list(back)] == ["Sal", "Rex"]
        for book in books:
            copy = again.books.get(back, book.id)
            assert copy.title == book.title
            assert [p.text for p in copy.pages] == [p.text for p in book.pages]
            for page in copy.pages:
                assert again.books.page_image(back, book.id, page.index) == pictures[book.id, page.index]
    with sqlite3.connect(report.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_restore_refuses_a_database_in_use_unless_forced(tmp_path: Path) -> None:
    with Studio(make_settings(tmp_path), workers=False) as studio:
        user = _family_with_books(studio, books=1)
        url = studio.settings.resolved_database_url
        one_book = backup_sqlite(url, tmp_path / "one-book.db")
        ids = tuple(c.id for c in studio.characters.list(user))
        studio.books.generate(user, StorySettings(character_ids=ids, pages=4))

        with pytest.raises(BackupError, match="in use"):
            restore_sqlite(one_book.path, url)
        assert len(studio.books.list(user)) == 2

        report = restore_sqlite(one_book.path, url, force=True)
        assert len(studio.books.list(user)) == 1  # the running app now reads the restored data
    assert report.previous is not None
    assert check_backup(report.previous).rows["books"] == 2  # what was replaced is kept beside it


def test_restore_refuses_files_that_are_not_a_memory_maker_database(tmp_path: Path) -> None:
    with Studio(make_settings(tmp_path / "home"), workers=False) as studio:
        _family_with_books(studio, books=1)
        url = studio.settings.resolved_database_url
        good = backup_sqlite(url, tmp_path / "good.db")
    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n" * 100)
    other = tmp_path / "other-app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (x)")
    damaged = tmp_path / "damaged.db"
    data = bytearray(good.path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)  # scribble over a few pages of a real backup
    damaged.write_bytes(bytes(data))

    for bad, why in [(text, "not a SQLite database"), (other, "not one made by"), (damaged, "damaged")]:
        with pytest.raises(BackupError, match=why):
            restore_sqlite(bad, url)
    with pytest.raises(BackupError, match="no backup file"):
        restore_sqlite(tmp_path / "missing.db", url)
    assert check_backup(Path(url.removeprefix("sqlite:///"))).rows["books"] == 1  # untouched


def test_a_backup_never_overwrites_the_database_itself(tmp_path: Path) -> None:
    with Studio(make_settings(tmp_path), workers=False) as studio:
        url = studio.settings.resolved_database_url
        with pytest.raises(BackupError, match="another file"):
            backup_sqlite(url, Path(url.removeprefix("sqlite:///")))


def test_postgres_commands_name_the_database_but_never_its_password() -> None:
    commands = postgres_commands(
        "postgresql+psycopg://mm:s3cret@db.example:5432/books", Path("my books.dump")
    )
    assert commands.dump == (
        "pg_dump --format=custom --no-owner --file='my books.dump' "
        "--dbname=postgresql://mm@db.example:5432/books"
    )
    assert commands.restore.startswith("pg_restore --clean --if-exists --no-owner --exit-on-error ")
    assert "s3cret" not in commands.dump + commands.restore and commands.has_password


def _cli(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DATA_DIR"))}
    environ |= {"PYTHONPATH": str(ROOT), "PROVIDERS": "offline", **env}
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_backup_and_restore_round_trip_through_the_command_line(tmp_path: Path) -> None:
    with Studio(make_settings(tmp_path / "home"), workers=False) as studio:
        _family_with_books(studio, books=1)

    made = _cli(tmp_path, "backup", f"{tmp_path / 'backups'}/", DATA_DIR=str(tmp_path / "home"))
    assert made.returncode == 0, made.stderr
    assert "1 books, 4 pages" in made.stdout
    (backup,) = (tmp_path / "backups").glob("memory-maker-*.db")

    back = _cli(tmp_path, "restore", str(backup), DATA_DIR=str(tmp_path / "new-home"))
    assert back.returncode == 0, back.stderr
    with Studio(make_settings(tmp_path / "new-home"), workers=False) as again:
        user = again.accounts.login("ann@example.org", PASSWORD).user
        assert [b.pages_done for b in again.books.list(user)] == [4]

    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    refused = _cli(tmp_path, "restore", str(junk), DATA_DIR=str(tmp_path / "new-home"))
    assert refused.returncode == 2 and "not a SQLite database" in refused.stderr

    pg = _cli(tmp_path, "backup", "books.dump", DATABASE_URL="postgresql+psycopg://mm:pw@db.example/books")
    assert pg.returncode == 1
    assert (
        pg.stdout.strip()
        == "pg_dump --format=custom --no-owner --file=books.dump --dbname=postgresql://mm@db.example/books"
    )
    assert "PGPASSWORD" in pg.stderr
