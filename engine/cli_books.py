"""Book commands of ``python -m engine``: make a book, list them, re-style one, write a sequel, export.

The command line works as one local family (the "Command line" account), so books made here can be
listed, re-styled and continued later.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine.catalog import (
    Accessory,
    AgeGroup,
    ArtStyle,
    CharacterKind,
    Language,
    Moral,
    Setting,
    Tone,
    choices,
)
from engine.models import Book, CharacterSpec, StorySettings, User
from engine.studio import Studio

COMMANDS = ("book", "books", "restyle", "sequel", "export")
if TYPE_CHECKING:
    Sub = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parsers(sub: Sub) -> None:
    _book_parser(sub)
    sub.add_parser("books", help="list the books made from the command line")
    restyle = sub.add_parser("restyle", help="redraw a book in another art style (a new version)")
    restyle.add_argument("book_id", type=int, help="the book's number (see `books`)")
    restyle.add_argument("--style", required=True, choices=choices(ArtStyle), help="the new art style")
    _output_args(restyle)
    sequel = sub.add_parser(
        "sequel", help="the next adventure of a book's cast, remembering the story so far"
    )
    sequel.add_argument("book_id", type=int, help="the book's number (see `books`)")
    sequel.add_argument("--setting", choices=choices(Setting), help="where the next adventure happens")
    sequel.add_argument("--moral", choices=choices(Moral), help="what the next book teaches")
    _output_args(sequel)
    export = sub.add_parser("export", help="save a book again as PDF or EPUB")
    export.add_argument("book_id", type=int, help="the book's number (see `books`)")
    _output_args(export)


def _output_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("book.pdf"), help="where to write it (.pdf or .epub)")
    p.add_argument("--size", default="square", choices=["square", "a4", "letter"], help="PDF page size")
    p.add_argument("--bleed", action="store_true", help="add 3 mm print bleed on every side (PDF)")


def _book_parser(sub: Sub) -> None:
    p = sub.add_parser(
        "book",
        help="make a picture book and save it as a PDF (or EPUB)",
        description="Make a picture book and save it. Repeat --name (and --kind, --traits, --outfit, "
        "--accessory) for up to 4 characters, in the same order.",
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
    p.add_argument("--language", default="en", choices=choices(Language), help="the story's language")
    p.add_argument("--seed", type=int, default=None, help="same seed and settings make the same book")
    p.add_argument("--note", default="", help="an optional note for the story")
    p.add_argument("--no-parents-corner", action="store_true", help="leave out the parent's corner page")
    _output_args(p)


def run(studio: Studio, args: argparse.Namespace) -> int:
    user = studio.accounts.command_line_user()
    if args.command == "books":
        for b in studio.books.list(user):
            series = f" · series {b.series_id} #{b.series_index}" if b.series_index > 1 else ""
            print(f"{b.id:>5}  {b.title}  ({b.status}, {b.page_count} pages, {b.style}){series}")
        return 0
    if args.command == "book":
        settings = _settings(studio, user, args)
        book = studio.books.generate(user, settings, progress=_print_progress)
    elif args.command == "restyle":
        book = studio.books.wait(
            user, studio.books.restyle(user, args.book_id, args.style).id, _print_progress
        )
    elif args.command == "sequel":
        changes = {k: v for k, v in (("setting", args.setting), ("moral", args.moral)) if v}
        job = studio.books.next_adventure(user, args.book_id, **changes)
        book = studio.books.wait(user, job.id, _print_progress)
    else:
        book = studio.books.get(user, args.book_id)
    sys.stderr.write("\n")
    return _save(studio, user, book, args)


def _settings(studio: Studio, user: User, args: argparse.Namespace) -> StorySettings:
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
    return StorySettings(
        character_ids=tuple(ids),
        age_group=args.age,
        tone=args.tone,
        moral=args.moral,
        setting=args.setting,
        pages=args.pages,
        style=args.style,
        seed=args.seed,
        note=args.note,
        language=args.language,
        parents_corner=not args.no_parents_corner,
    )


def _save(studio: Studio, user: User, book: Book, args: argparse.Namespace) -> int:
    if book.status != "ready":
        print(f"The book could not be finished: {book.error}", file=sys.stderr)
        return 1
    out: Path = args.out
    if out.suffix.lower() == ".epub":
        data = studio.books.export_epub(user, book.id)
    else:
        data = studio.books.export_pdf(user, book.id, size=args.size, bleed=args.bleed)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"Book {book.id}: “{book.title}” — {len(book.pages)} pages")
    print(f"Saved to {out.resolve()}")
    return 0


def _nth(values: list[str] | None, i: int) -> str | None:
    return values[i] if values and i < len(values) else None


def _print_progress(done: int, total: int, message: str) -> None:
    width = 30
    filled = int(width * done / total) if total else 0
    bar = "█" * filled + "·" * (width - filled)
    sys.stderr.write(f"\r[{bar}] {done}/{total} {message[:40]:<40}")
    sys.stderr.flush()
