"""``python -m engine backup PATH`` and ``restore PATH``: the database to a file and back.

They run without a ``Studio``: a restore must not have the database open while it replaces it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from engine.config import Settings
from storage.backup import (
    BackupError,
    CopyReport,
    backup_sqlite,
    postgres_commands,
    restore_sqlite,
    sqlite_path,
)

COMMANDS = ("backup", "restore")
SHOWN_TABLES = ("users", "characters", "books", "pages", "images")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser(
        "backup",
        help="copy the database to a file (safe while the app runs)",
        description="Copy the SQLite database to PATH, consistently, even while the app is running. "
        "PATH may be a folder (ending in /): a dated file is made in it. "
        "For PostgreSQL this prints the pg_dump command.",
    )
    backup.add_argument("path", help="the backup file, or a folder (ending in /) for a dated file")
    restore = sub.add_parser(
        "restore",
        help="replace the database with a backup file (stop the app first)",
        description="Check PATH, bring it to the current schema and make it the database. The database "
        "it replaces is kept beside it as *.before-restore-<time>.db. For PostgreSQL this prints the "
        "pg_restore command.",
    )
    restore.add_argument("path", type=Path, help="a file made by `python -m engine backup`")
    restore.add_argument("--force", action="store_true", help="restore even while the database is in use")


def run(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Run ``backup`` or ``restore`` for the configured database; 0 when done."""
    url = (settings or Settings()).resolved_database_url
    try:
        if sqlite_path(url) is None:
            return _explain_postgres(args.command, url, Path(args.path))
        if args.command == "backup":
            if str(args.path).endswith(("/", os.sep)):
                Path(args.path).mkdir(parents=True, exist_ok=True)
            report = backup_sqlite(url, Path(args.path))
            print(f"Backed up to {report.path.resolve()} ({_summary(report)}).")
        else:
            report = restore_sqlite(args.path, url, force=args.force)
            print(f"Restored {args.path} into {report.path.resolve()} ({_summary(report)}).")
            if report.previous is not None:
                print(f"The database it replaced is kept at {report.previous.resolve()}.")
    except BackupError as err:
        print(f"Sorry: {err}", file=sys.stderr)
        return 2
    return 0


def _summary(report: CopyReport) -> str:
    counts = ", ".join(f"{report.rows.get(name, 0)} {name}" for name in SHOWN_TABLES)
    return f"{counts}; {report.size_bytes / 1_000_000:.1f} MB, schema {report.revision}"


def _explain_postgres(command: str, url: str, path: Path) -> int:
    """PostgreSQL has proper tools for this; say exactly how to use them rather than half-doing it."""
    commands = postgres_commands(url, path)
    print(
        f"The database is PostgreSQL, so nothing was {'backed up' if command == 'backup' else 'restored'}: "
        "use PostgreSQL's own tools.",
        file=sys.stderr,
    )
    if command == "backup":
        print("Back up (safe while the app runs):", file=sys.stderr)
        print(f"  {commands.dump}")
    else:
        print("Stop every app process and worker, then restore:", file=sys.stderr)
        print(f"  {commands.restore}")
        print("The app brings the schema up to date when it starts.", file=sys.stderr)
    if commands.has_password:
        print("The password is left out: set PGPASSWORD or use ~/.pgpass.", file=sys.stderr)
    return 1
