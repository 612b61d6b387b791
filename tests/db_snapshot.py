"""A comparable picture of every row in the database, to prove a refused call changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage import tables as t
from storage.db import Database


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.read() as s:
        for table in t.Base.metadata.sorted_tables:
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out
