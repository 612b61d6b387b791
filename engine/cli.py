"""The command line: make a book offline, manage admins, back up and restore the database."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from engine import backup_commands
from engine.catalog import (
    Accessory,
    AgeGroup,
    ArtStyle,
    CharacterKind,
    Moral,
    Setting,
    Tone,
    choices,
)
from engine.errors import MemoryMakerError
from engine.models import CharacterSpec, StorySettings
from engine.studio import Studio


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m engine",
        description="Memory Maker: personalised illustrated picture books, made on this computer.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _book_parser(sub)
    worker = sub.add_parser(
        "worker", help="make books from the job queue (scaled mode: needs JOB_QUEUE_URL, e.g. Redis)"
    )
    worker.add_argument("--threads", type=int, default=2, help="books made at once by this worker")
    admin = sub.add_parser("make-admin", help="give an existing account access to the admin page")
    admin.add_argument("email", help="the account's email address")
    backup_commands.add_parsers(sub)
    return parser


def _book_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "book",
        help="make a picture book and save it as a PDF",
        description="Make a picture book and save it as a PDF. Repeat --name (and --kind, --traits, "
        "--outfit) for up to 4 characters, in the same order.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--name", action="append", required=True, help="a character's name (repeat for more)")
    p.add_argument("--kind", action="append", choices=choices(CharacterKind), help="what the character is")
    p.add_argument("--traits", action="append", help="comma-separated traits, e.g. brave,curious")
    p.add_argument("--outfit", action="append", help="outfit colour as #rrggbb")
    p.add_argument("--accessory", action="append", choices=choices(Accessory), help="an accessory")
    p.add_argument("--age", default="3-5", choices=choices(AgeGroup), help="the reader's age group")
    p.add_argument("--tone", default="cozy", choices=[*choices(Tone), "bedtime"], help="the story's tone")
    p.add_argument("--moral", default="kindness", choices=choices(Moral), help="what the story teaches")
    p.add_argument("--setting", default="forest", choices=choices(Setting), help="where it happens")
    p.add_argument("--pages", type=int, default=8, help="number of story pages (4-24)")
    p.add_argument("--style", default="watercolor", choices=choices(ArtStyle), help="art style")
    p.add_argument("--seed", type=int, default=None, help="same seed and settings make the same book")
    p.add_argument("--note", default="", help="an optional note for the story")
    p.add_argument("--size", default="square", choices=["square", "a4", "letter"], help="PDF page size")
    p.add_argument("--bleed", action="store_true", help="add 3 mm print bleed on every side")
    p.add_argument("--out", type=Path, default=Path("book.pdf"), help="where to write the PDF")


def _nth(values: list[str] | None, i: int) -> str | None:
    return values[i] if values and i < len(values) else None


def make_book(studio: Studio, args: argparse.Namespace) -> int:
    session = studio.accounts.start_guest()
    user = session.user
    ids = []
    for i, name in enumerate(args.name):
        fields: dict[str, object] = {"name": name, "kind": _nth(args.kind, i) or "child"}
        traits = _nth(args.traits, i)
        if traits:
            fields["traits"] = [x for x in traits.split(",") if x.strip()]
        if _nth(args.outfit, i):
            fields["outfit_primary"] = _nth(args.outfit, i)
        if _nth(args.accessory, i):
            fields["accessory"] = _nth(args.accessory, i)
        ids.append(studio.characters.create(user, CharacterSpec.model_validate(fields)).id)
    settings = StorySettings(
        character_ids=tuple(ids),
        age_group=args.age,
        tone=args.tone,
        moral=args.moral,
        setting=args.setting,
        pages=args.pages,
        style=args.style,
        seed=args.seed,
        note=args.note,
    )
    book = studio.books.generate(user, settings, progress=_print_progress)
    sys.stderr.write("\n")
    if book.status != "ready":
        print(f"The book could not be finished: {book.error}", file=sys.stderr)
        return 1
    pdf = studio.books.export_pdf(user, book.id, size=args.size, bleed=args.bleed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    print(f"“{book.title}” — {len(book.pages)} pages")
    print(f"PDF saved to {args.out.resolve()}")
    return 0


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


def _print_progress(done: int, total: int, message: str) -> None:
    width = 30
    filled = int(width * done / total) if total else 0
    bar = "█" * filled + "·" * (width - filled)
    sys.stderr.write(f"\r[{bar}] {done}/{total} {message[:40]:<40}")
    sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in backup_commands.COMMANDS:
        return backup_commands.run(args)
    try:
        with Studio.from_env(workers=False) as studio:
            if args.command == "book":
                return make_book(studio, args)
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
