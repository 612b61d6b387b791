"""The command line: make books offline, run a worker, manage admins, back up and restore."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from engine import backup_commands, cli_books
from engine.errors import MemoryMakerError
from engine.studio import Studio


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m engine",
        description="Memory Maker: personalised illustrated picture books, made on this computer.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cli_books.add_parsers(sub)
    worker = sub.add_parser(
        "worker", help="make books from the job queue (scaled mode: needs JOB_QUEUE_URL, e.g. Redis)"
    )
    worker.add_argument("--threads", type=int, default=2, help="books made at once by this worker")
    admin = sub.add_parser("make-admin", help="give an existing account access to the admin page")
    admin.add_argument("email", help="the account's email address")
    backup_commands.add_parsers(sub)
    return parser


def run_worker(studio: Studio, threads: int) -> int:
    from engine.task_queue import DramatiqQueue, JobHandler, requeue_waiting

    if not isinstance(studio.queue, DramatiqQueue):
        print("Set JOB_QUEUE_URL (e.g. redis://127.0.0.1:6379/0) to run a worker.", file=sys.stderr)
        return 2
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    handler = JobHandler(studio.settings, studio.claims, studio.queue, studio.maker.run)
    waiting = requeue_waiting(studio.settings, studio.claims, studio.queue)
    print(f"worker ready ({threads} threads, {waiting} waiting job(s) re-sent)", flush=True)
    studio.queue.serve(handler, max(1, threads), stop)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in backup_commands.COMMANDS:
        return backup_commands.run(args)
    try:
        with Studio.from_env(workers=False) as studio:
            if args.command in cli_books.COMMANDS:
                return cli_books.run(studio, args)
            if args.command == "worker":
                return run_worker(studio, args.threads)
            if args.command == "make-admin":
                user = studio.accounts.make_admin(args.email)
                print(f"{user.email} is now an admin.")
                return 0
    except MemoryMakerError as err:
        print(f"Sorry: {err}", file=sys.stderr)
        return 2
    return 2
