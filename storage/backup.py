"""Backing up and restoring the SQLite database with SQLite's online backup API (safe while the app runs).

PostgreSQL has its own tools (``pg_dump``/``pg_restore``); :func:`postgres_commands` spells them out.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shlex
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, make_url

from storage.db import MIGRATIONS, Database
from storage.tables import Base

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why in plain words."""


@dataclasses.dataclass(frozen=True)
class CopyReport:
    """What a backup file (or a restored database) holds."""

    path: Path
    size_bytes: int
    revision: str | None
    rows: dict[str, int]
    seconds: float = 0.0
    previous: Path | None = None  # restore only: a copy of the database it replaced


@dataclasses.dataclass(frozen=True)
class PostgresCommands:
    """The exact ``pg_dump``/``pg_restore`` command lines for a PostgreSQL URL (password left out)."""

    dump: str
    restore: str
    has_password: bool


def sqlite_path(url: str) -> Path | None:
    """The database file behind a SQLite URL, or ``None`` for another database (PostgreSQL)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("An in-memory database has nothing on disk to back up or restore.")
    return Path(parsed.database)


def backup_sqlite(url: str, destination: Path) -> CopyReport:
    """Copy the live database to ``destination`` (a file, or a folder for a dated file) consistently.

    >>> backup_sqlite("sqlite:///data/memory-maker.db", Path("backups/"))  # doctest: +SKIP
    """
    started = time.monotonic()
    source = _existing_database(url)
    if destination.is_dir():
        destination = destination / f"memory-maker-{_stamp()}.db"
    if _same_file_family(source, destination):
        raise BackupError("The backup must go to another file than the database itself.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    try:
        _copy(source, partial)
        _require_intact(partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return _describe(destination, seconds=time.monotonic() - started)


def restore_sqlite(source: Path, url: str, *, force: bool = False) -> CopyReport:
    """Replace the database at ``url`` with the backup ``source``, migrated to the current schema.

    Refuses while the database is open elsewhere (a running app or worker) unless ``force``; keeps a
    copy of the replaced database next to it (``CopyReport.previous``).
    """
    started = time.monotonic()
    target = sqlite_path(url)
    if target is None:
        raise BackupError("Restoring a file works for SQLite only; PostgreSQL uses pg_restore.")
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    if _same_file_family(target, source):
        raise BackupError("That file is the database itself; choose a backup file.")
    _require_sqlite_header(source)
    if target.exists() and not force and in_use(target):
        raise BackupError(
            f"The database at {target} is in use (is Memory Maker or a worker running?). "
            "Stop it first, or pass --force to restore anyway."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f"{target.stem}.restoring.db")
    try:
        _prepare(source, staging)
        previous = _keep_previous(target)
        _copy(staging, target, exclusive=not force, standalone=False)
    finally:
        _remove_database_files(staging)
    Database(f"sqlite:///{target.as_posix()}").dispose()  # a no-op migration that proves it opens
    _require_intact(target)
    return dataclasses.replace(_describe(target, seconds=time.monotonic() - started), previous=previous)


def in_use(path: Path) -> bool:
    """Whether another connection (in any process) has this WAL-mode database open."""
    conn = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def check_backup(path: Path) -> CopyReport:
    """Validate a backup file without changing it: a SQLite file, intact, from a Memory Maker schema."""
    _require_sqlite_header(path)
    _require_intact(path)
    _require_known_revision(path)
    return _describe(path)


def postgres_commands(url: str, path: Path) -> PostgresCommands:
    """``pg_dump``/``pg_restore`` command lines for ``url``; the password is never printed."""
    parsed = make_url(url)
    plain = URL.create(
        "postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query
    )
    conninfo = plain.render_as_string(hide_password=False)
    target, where = shlex.quote(f"--dbname={conninfo}"), shlex.quote(str(path))
    return PostgresCommands(
        dump=f"pg_dump --format=custom --no-owner --file={where} {target}",
        restore=f"pg_restore --clean --if-exists --no-owner --exit-on-error {target} {where}",
        has_password=parsed.password is not None,
    )


# -- internals ------------------------------------------------------------------------------------


def _existing_database(url: str) -> Path:
    source = sqlite_path(url)
    if source is None:
        raise BackupError("Backing up to a file works for SQLite only; PostgreSQL uses pg_dump.")
    if not source.is_file():
        raise BackupError(f"There is no database at {source} yet, so there is nothing to back up.")
    return source


def _copy(source: Path, destination: Path, *, exclusive: bool = False, standalone: bool = True) -> None:
    """One backup step copies every page inside one read transaction: a consistent snapshot.

    In WAL mode that read transaction never blocks the app's writers. ``exclusive`` holds the
    destination's lock from the check to the end, so nothing can open it half-restored; a
    ``standalone`` copy leaves WAL mode so the backup is one self-contained file.
    """
    with _connect(source) as src, _connect(destination) as dst:
        if exclusive:
            try:
                dst.execute("PRAGMA locking_mode=EXCLUSIVE")
                dst.execute("BEGIN EXCLUSIVE")
                dst.execute("COMMIT")
            except sqlite3.OperationalError as err:
                raise BackupError(f"The database at {destination} is in use; stop the app first.") from err
        try:
            src.backup(dst)
        except sqlite3.DatabaseError as err:
            raise BackupError(f"{source.name} could not be read as a database ({err}).") from err
        if standalone:
            dst.execute("PRAGMA journal_mode=DELETE")
    _fsync(destination)


def _prepare(source: Path, staging: Path) -> None:
    """Copy, check and migrate the backup beside the target, so a bad file never touches the database."""
    _remove_database_files(staging)
    _copy(source, staging)
    _require_intact(staging)
    _require_known_revision(staging)
    Database(f"sqlite:///{staging.as_posix()}").dispose()  # migrates to the current schema
    _require_intact(staging)


def _keep_previous(target: Path) -> Path | None:
    if not target.is_file() or target.stat().st_size == 0:
        return None
    previous = target.with_name(f"{target.stem}.before-restore-{_stamp()}.db")
    _copy(target, previous)
    return previous


@contextlib.contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def _require_sqlite_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as err:
        raise BackupError(f"{path} could not be read ({err.strerror}).") from err
    if header != SQLITE_HEADER:
        raise BackupError(f"{path.name} is not a Memory Maker backup (it is not a SQLite database).")


def _require_intact(path: Path) -> None:
    try:
        with _connect(path) as conn:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{path.name} is damaged and can't be used ({err}).") from err
    if problems != ["ok"]:
        raise BackupError(f"{path.name} is damaged and can't be used: {'; '.join(problems[:3])}")


def _require_known_revision(path: Path) -> None:
    revision = _revision(path)
    if revision is None:
        raise BackupError(f"{path.name} is a SQLite database, but not one made by Memory Maker.")
    script = ScriptDirectory.from_config(_alembic_config())
    if revision not in {r.revision for r in script.walk_revisions()}:
        raise BackupError(f"{path.name} was made by a newer Memory Maker; please update before restoring.")


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _revision(path: Path) -> str | None:
    with _connect(path) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    return str(row[0]) if row else None


def _describe(path: Path, *, seconds: float = 0.0) -> CopyReport:
    with _connect(path) as conn:
        present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        rows = {
            name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in Base.metadata.tables
            if name in present
        }
    return CopyReport(path, path.stat().st_size, _revision(path), rows, round(seconds, 3))


def _same_file_family(database: Path, other: Path) -> bool:
    db = database.resolve()
    family = {db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")}
    return other.resolve() in family


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.with_suffix(".migrate.lock").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
