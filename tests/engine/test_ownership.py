"""Another family's ids behave exactly like missing ids, for every method that takes one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from engine import NotFound, StorySettings, Studio, User
from tests.conftest import REX, SAL
from tests.db_snapshot import snapshot


@pytest.fixture
def anns_book(studio: Studio, family: User) -> tuple[int, int]:
    sal = studio.characters.create(family, SAL)
    book = studio.books.generate(family, StorySettings(character_ids=[sal.id], pages=4, style="flat", seed=3))
    return sal.id, book.id


CHARACTER_CALLS: dict[str, Callable[[Studio, User, int], object]] = {
    "get": lambda s, u, i: s.characters.get(u, i),
    "update": lambda s, u, i: s.characters.update(u, i, REX),
    "delete": lambda s, u, i: s.characters.delete(u, i),
    "portrait": lambda s, u, i: s.characters.portrait(u, i),
    "use in a book": lambda s, u, i: s.books.start(u, StorySettings(character_ids=[i], pages=4)),
}
BOOK_CALLS: dict[str, Callable[[Studio, User, int], object]] = {
    "get": lambda s, u, i: s.books.get(u, i),
    "delete": lambda s, u, i: s.books.delete(u, i),
    "rename": lambda s, u, i: s.books.rename(u, i, "Mine now"),
    "edit page": lambda s, u, i: s.books.edit_page(u, i, 0, "Changed"),
    "regenerate picture": lambda s, u, i: s.books.regenerate_picture(u, i, 0),
    "resume": lambda s, u, i: s.books.resume(u, i),
    "export pdf": lambda s, u, i: s.books.export_pdf(u, i),
    "export epub": lambda s, u, i: s.books.export_epub(u, i),
    "preview grid": lambda s, u, i: s.books.preview_grid(u, i),
    "page image": lambda s, u, i: s.books.page_image(u, i, 0),
}


@pytest.mark.parametrize("call", list(CHARACTER_CALLS), ids=list(CHARACTER_CALLS))
def test_other_family_cannot_touch_my_character(
    studio: Studio, family: User, other_family: User, anns_book: tuple[int, int], call: str
) -> None:
    character_id, _ = anns_book
    before = snapshot(studio.db)
    with pytest.raises(NotFound) as theirs:
        CHARACTER_CALLS[call](studio, other_family, character_id)
    with pytest.raises(NotFound) as missing:
        CHARACTER_CALLS[call](studio, other_family, 999_999)
    assert str(theirs.value) == str(missing.value)
    assert snapshot(studio.db) == before


@pytest.mark.parametrize("call", list(BOOK_CALLS), ids=list(BOOK_CALLS))
def test_other_family_cannot_touch_my_book(
    studio: Studio, family: User, other_family: User, anns_book: tuple[int, int], call: str
) -> None:
    _, book_id = anns_book
    before = snapshot(studio.db)
    with pytest.raises(NotFound) as theirs:
        BOOK_CALLS[call](studio, other_family, book_id)
    with pytest.raises(NotFound) as missing:
        BOOK_CALLS[call](studio, other_family, 999_999)
    assert str(theirs.value) == str(missing.value)
    assert snapshot(studio.db) == before


def test_other_family_cannot_read_my_pictures_or_jobs(
    studio: Studio, family: User, other_family: User, anns_book: tuple[int, int]
) -> None:
    _, book_id = anns_book
    book = studio.books.get(family, book_id)
    image_id = book.pages[0].image_id
    assert image_id is not None
    assert studio.books.image(family, image_id)[0]
    with pytest.raises(NotFound):
        studio.books.image(other_family, image_id)
    job = studio.jobs.latest_for_book(family, book_id)
    assert job is not None
    with pytest.raises(NotFound):
        studio.jobs.get(other_family, job.id)
    with pytest.raises(NotFound):
        studio.jobs.cancel(other_family, job.id)
    assert studio.books.list(other_family) == []
    assert studio.characters.list(other_family) == []
