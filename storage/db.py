"""Database engine and sessions: SQLite pragmas, PostgreSQL, transactions and automatic migrations."""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    """One database: ``Database("sqlite:///data/mm.db")``; ``with db.transaction() as s: ...``."""

    def __init__(self, url: str, *, migrate: bool = True, echo: bool = False) -> None:
        self.url = make_url(url)
        self.engine = _create_engine(url, echo=echo)
        writer = self.engine.execution_options(immediate=True) if self.is_sqlite else self.engine
        self._sessions = sessionmaker(writer, expire_on_commit=False)
        self._readers = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.migrate()

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together at the end, or rolled back on any error."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; on SQLite it never waits for the write lock."""
        session = self._readers()
        try:
            yield session
        finally:
            session.close()  # ends the transaction; loaded objects stay readable (detached, not expired)

    def alembic_config(self) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["engine"] = self.engine
        return cfg

    def migrate(self) -> None:
        """Bring the schema to the newest migration; safe when several processes start at once."""
        with self._migration_lock():
            if not self.migrations_current():
                log.info("upgrading database schema")
                command.upgrade(self.alembic_config(), "head")

    def migrations_current(self) -> bool:
        head = ScriptDirectory.from_config(self.alembic_config()).get_current_head()
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision() == head

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:  # the health check reports any failure as "unreachable"
            log.exception("database ping failed")
            return False

    def dispose(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def _migration_lock(self) -> Iterator[None]:
        if self.is_sqlite:
            path = self.url.database
            if not path or path == ":memory:":
                yield
                return
            lock_path = Path(path).with_suffix(".migrate.lock")
            with open(lock_path, "w") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
        else:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(727274)"))
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(727274)"))
                    conn.commit()


def _create_engine(url: str, *, echo: bool) -> Engine:
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"echo": echo, "pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    kwargs.update(pool_size=10, max_overflow=10)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _sqlite_begin_immediate).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Writers take the lock at BEGIN so concurrent writers queue on busy_timeout instead of failing
    # with "database is locked" when a read transaction later tries to write; readers don't wait.
    immediate = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
