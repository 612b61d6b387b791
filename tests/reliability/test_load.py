"""A short load run on the real app: many families at once get no errors, no 5xx and every book they
asked for (the full 30 families x 60 s run is ``bench/load.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine import Settings, Studio
from storage import tables as t
from tests.app_server import running_app
from tests.reliability.app_log import our_crashes
from tests.reliability.families import run_load
from tests.reliability.figures import scaled

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def book_statuses(database_url: str) -> dict[str, int]:
    settings = Settings(_env_file=None, database_url=database_url, providers="offline")
    with Studio(settings, workers=False) as studio, studio.db.read() as db:
        rows = db.execute(select(t.Book.status, func.count()).group_by(t.Book.status)).all()
    return {str(status): int(n) for status, n in rows}


def test_families_using_the_app_at_once_get_no_errors_and_every_book(tmp_path: Path) -> None:
    families, seconds = scaled(10, 30), scaled(20, 60)
    with running_app(tmp_path) as server:
        # Eager families (a second between clicks): the most requests for the time CI can give.
        report = run_load(server.url, families, seconds, think_s=(0.5, 1.5))
        crashes = our_crashes(server.log_path)
    print("\n".join([report.summary(), *report.table(), *report.samples]))
    assert report.error_count == 0, report.samples
    assert report.server_errors == 0
    assert crashes == []
    assert report.books_unfinished == 0 and report.books_finished >= families
    assert book_statuses(server.database_url) == {"ready": report.books_finished}
    for action in ("browse", "open_book", "create_character", "start_book", "export_pdf"):
        assert report.timings[action], f"the mix never did {action}"
