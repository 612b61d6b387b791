"""'Download all my data': the zip holds everything a family made, and nothing of anyone else's."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from engine import CharacterSpec, StorySettings, Studio, User
from engine.data_export import safe_name
from storage import tables as t
from tests.conftest import REX, SAL, make_settings

DRAGON = CharacterSpec(name="Bramblewick", kind="dragon", traits=("sleepy",))


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _one(files: dict[str, bytes], suffix: str) -> tuple[str, bytes]:
    (found,) = [(name, data) for name, data in files.items() if name.endswith(suffix)]
    return found


@pytest.fixture
def anns_book(studio: Studio, family: User) -> int:
    ids = (studio.characters.create(family, SAL).id, studio.characters.create(family, REX).id)
    book = studio.books.generate(family, StorySettings(character_ids=ids, pages=4, seed=11, tone="funny"))
    assert book.status == "ready", book.error
    return book.id


def test_the_download_holds_the_account_both_characters_and_the_whole_book(
    studio: Studio, family: User, anns_book: int
) -> None:
    files = _unzip(studio.accounts.export_data(family))
    book = studio.books.get(family, anns_book)
    folder = f"books/{book.id}-{safe_name(book.title, fallback='untitled')}"

    account = json.loads(files["account.json"])
    assert (account["email"], account["display_name"], account["is_guest"]) == (
        "ann@example.org",
        "Ann",
        False,
    )
    for character, spec in zip(studio.characters.list(family), (SAL, REX), strict=True):
        record = json.loads(files[f"characters/{character.id}-{spec.name}.json"])
        assert record["spec"]["name"] == spec.name and record["spec"]["outfit_primary"] == spec.outfit_primary
        portrait = Image.open(io.BytesIO(files[f"characters/{record['portrait']}"]))
        assert portrait.width > 100

    recipe = json.loads(files[f"{folder}/recipe.json"])
    assert recipe["seed"] == 11 and recipe["settings"]["tone"] == "funny"
    assert [c["name"] for c in recipe["cast"]] == ["Sal", "Rex"]
    assert recipe["providers"]["writer"] and recipe["providers"]["illustrator"]
    story = json.loads(files[f"{folder}/story.json"])
    assert story["title"] == book.title
    assert [p["text"] for p in story["pages"]] == [p.text for p in book.pages]
    for page in story["pages"]:
        assert files[f"{folder}/{page['picture']}"] == studio.books.page_image(family, book.id, page["index"])
    assert sorted(p["picture"].split(".")[0] for p in story["pages"]) == [f"page-0{i}" for i in range(1, 5)]
    pdf = PdfReader(io.BytesIO(files[f"{folder}/book.pdf"]))
    assert len(pdf.pages) == len(PdfReader(io.BytesIO(studio.books.export_pdf(family, book.id))).pages)
    assert book.pages[0].text.split()[0] in pdf.pages[1].extract_text()


def test_the_download_never_holds_a_password_hash_or_a_sign_in_token(
    studio: Studio, family: User, anns_book: int
) -> None:
    session = studio.accounts.login("ann@example.org", "correct horse battery")
    with studio.db.read() as s:
        password_hash = s.scalar(select(t.User.password_hash).where(t.User.id == family.id))
        token_hashes = list(s.scalars(select(t.Session.token_hash)))
    everything = b"".join(_unzip(studio.accounts.export_data(family)).values())
    assert password_hash and password_hash.encode() not in everything
    for secret in (session.token, *token_hashes, "correct horse battery"):
        assert secret.encode() not in everything
    assert b"password" not in _unzip(studio.accounts.export_data(family))["account.json"]


def test_another_familys_characters_books_and_pictures_never_appear(
    studio: Studio, family: User, other_family: User, anns_book: int
) -> None:
    dragon = studio.characters.create(other_family, DRAGON)
    bobs = studio.books.generate(other_family, StorySettings(character_ids=[dragon.id], pages=4, seed=5))
    studio.books.rename(other_family, bobs.id, "The Secret of Bramblewick")
    bobs_pictures = [studio.books.page_image(other_family, bobs.id, i) for i in range(4)]

    anns = _unzip(studio.accounts.export_data(family))
    everything = b"".join(anns.values())
    assert b"Bramblewick" not in everything and b"bob@example.org" not in everything
    assert not any(picture and picture in everything for picture in bobs_pictures)
    assert not any(name.startswith(f"books/{bobs.id}-") for name in anns)

    bob = _unzip(studio.accounts.export_data(other_family))
    assert {n.rsplit(".", 1)[0] for n in bob if n.startswith("characters/")} == {
        f"characters/{dragon.id}-Bramblewick"
    }
    assert b"ann@example.org" not in b"".join(bob.values())


def test_a_guest_can_download_their_data_too(studio: Studio) -> None:
    guest = studio.accounts.start_guest().user
    pip = studio.characters.create(guest, CharacterSpec(name="Pip", kind="cat"))
    studio.books.generate(guest, StorySettings(character_ids=[pip.id], pages=4))

    files = _unzip(studio.accounts.export_data(guest))
    account = json.loads(files["account.json"])
    assert account["is_guest"] is True and account["email"] is None
    assert _one(files, "-Pip.json")[0] == f"characters/{pip.id}-Pip.json"
    assert PdfReader(io.BytesIO(_one(files, "book.pdf")[1])).pages


def test_names_with_slashes_dots_and_any_alphabet_become_safe_file_names(
    studio: Studio, family: User
) -> None:
    zoe = studio.characters.create(family, CharacterSpec(name="Zoë/Ñandú\\..", kind="girl"))
    book = studio.books.generate(family, StorySettings(character_ids=[zoe.id], pages=4))
    studio.books.rename(family, book.id, "../../etc/passwd: 小熊的一天")

    names = list(_unzip(studio.accounts.export_data(family)))
    for name in names:
        parts = PurePosixPath(name).parts
        assert parts[0] in ("account.json", "characters", "books") and ".." not in name and "\\" not in name
        assert len(parts) <= 3 and all(p and not p.startswith(".") for p in parts)
    assert f"characters/{zoe.id}-Zoë-Ñandú.json" in names
    assert f"books/{book.id}-etc-passwd-小熊的一天/book.pdf" in names


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Sal", "Sal"),
        ("  Rex the Dog  ", "Rex-the-Dog"),
        ('a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"),
        ("...", "untitled"),
        ("Ле́на", "Ле́на"),
        ("x" * 200, "x" * 60),
    ],
)
def test_safe_name_keeps_letters_and_drops_what_file_systems_refuse(typed: str, expected: str) -> None:
    assert safe_name(typed, fallback="untitled") == expected


def test_the_download_is_complete_on_sqlite_and_postgresql(tmp_path: Path, database_url: str) -> None:
    with Studio(make_settings(tmp_path, database_url=database_url), workers=False) as studio:
        user = studio.accounts.register("ann@example.org", "correct horse battery", display_name="Ann")
        sal = studio.characters.create(user, SAL)
        book = studio.books.generate(user, StorySettings(character_ids=[sal.id], pages=4))
        names = set(_unzip(studio.accounts.export_data(user)))
    folder = f"books/{book.id}-{safe_name(book.title, fallback='untitled')}"
    expected = {f"{folder}/{name}" for name in ("recipe.json", "story.json", "book.pdf")}
    assert expected <= names
    assert len([n for n in names if n.startswith(f"{folder}/page-")]) == 4
