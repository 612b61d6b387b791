"""The database-backed cache of paid provider answers (identical requests are not paid twice)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storage import tables as t
from storage.db import Database

MAX_KEY = 64


class DbCache:
    """Implements ``engine.providers.ResponseCache`` on the ``cache_entries`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> bytes | None:
        with self._db.read() as s:
            return s.scalar(select(t.CacheEntry.value).where(t.CacheEntry.key == key[:MAX_KEY]))

    def put(self, key: str, value: bytes) -> None:
        try:
            with self._db.transaction() as s:
                if s.get(t.CacheEntry, key[:MAX_KEY]) is None:
                    s.add(t.CacheEntry(key=key[:MAX_KEY], value=value))
        except IntegrityError:
            pass  # another process stored the same answer first; either copy will do
