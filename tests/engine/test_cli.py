"""The command line, run as a family would run it: a real process, a real PDF."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "DATABASE_", "JOB_"))}
    env.update(DATA_DIR=str(tmp_path / "data"), PROVIDERS="offline", PICTURE_SIZE="512", PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_book_command_writes_an_eight_page_illustrated_pdf(tmp_path: Path) -> None:
    done = run(
        tmp_path,
        *("book", "--name", "Sal", "--kind", "girl", "--traits", "brave,curious", "--age", "3-5"),
        *("--tone", "funny", "--moral", "sharing", "--setting", "forest", "--pages", "8"),
        *("--style", "watercolor", "--out", "sal.pdf"),
    )
    assert done.returncode == 0, done.stderr
    assert "PDF" in done.stdout or "Saved to" in done.stdout
    assert "8/9" in done.stderr or "9/9" in done.stderr, "progress is shown on the terminal"
    reader = PdfReader(tmp_path / "sal.pdf")
    assert len(reader.pages) == 1 + 8 + 1  # title, eight story pages, parent's corner
    assert round(float(reader.pages[0].mediabox.width)) == round(8.5 * 72)
    story_pages = reader.pages[1:9]
    assert all(page.images for page in story_pages), "every story page has its picture"
    assert "Sal" in "".join(page.extract_text() for page in story_pages)


def test_books_can_be_listed_restyled_continued_and_exported(tmp_path: Path) -> None:
    assert (
        run(tmp_path, "book", "--name", "Zoë", "--kind", "cat", "--pages", "4", "--out", "a.pdf").returncode
        == 0
    )
    assert run(tmp_path, "restyle", "1", "--style", "comic", "--out", "b.pdf").returncode == 0
    assert run(tmp_path, "sequel", "1", "--setting", "seaside", "--out", "c.epub").returncode == 0
    listed = run(tmp_path, "books").stdout
    assert listed.count("\n") == 3 and "comic" in listed and "#2" in listed
    with zipfile.ZipFile(tmp_path / "c.epub") as epub:
        assert epub.namelist()[0] == "mimetype"
    exported = run(tmp_path, "export", "3", "--out", "d.pdf", "--size", "a4")
    assert exported.returncode == 0
    assert round(float(PdfReader(tmp_path / "d.pdf").pages[0].mediabox.height)) == 842


def test_unknown_book_and_bad_settings_give_a_clear_message(tmp_path: Path) -> None:
    missing = run(tmp_path, "restyle", "99", "--style", "comic")
    assert missing.returncode == 2 and "couldn't find that book" in missing.stderr
    bad = run(tmp_path, "book", "--name", "Sal", "--pages", "99")
    assert bad.returncode == 2 and "Number of pages" in bad.stderr and "Traceback" not in bad.stderr


def test_help_explains_every_command(tmp_path: Path) -> None:
    out = run(tmp_path, "--help").stdout
    for command in (
        "book",
        "books",
        "restyle",
        "sequel",
        "export",
        "worker",
        "make-admin",
        "backup",
        "restore",
    ):
        assert command in out
    assert "--moral" in run(tmp_path, "book", "--help").stdout
