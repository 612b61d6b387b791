"""Re-style and rebuild from the recipe as new versions, and sequels that remember earlier books."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import ContentRejected, NotFound, StorySettings, Studio, User, ValidationError
from tests.conftest import REX, SAL, make_settings
from tests.fakes.conftest_openai import openai_settings_fields
from tests.fakes.openai_server import FakeOpenAIServer


def make_book(studio: Studio, user: User, **changes: object) -> int:
    sal, rex = studio.characters.create(user, SAL), studio.characters.create(user, REX)
    settings = StorySettings.model_validate(
        {"character_ids": [sal.id, rex.id], "pages": 4, "seed": 8, **changes}
    )
    return studio.books.generate(user, settings).id


def test_restyle_makes_a_new_version_and_keeps_the_original(studio: Studio, family: User) -> None:
    book_id = make_book(studio, family, style="watercolor")
    studio.books.edit_page(family, book_id, 1, "Sal and Rex peeked behind the big old tree.")
    original = studio.books.get(family, book_id)
    job = studio.books.restyle(family, book_id, "comic")
    assert studio.books.get(family, book_id) == original, "the original is untouched while the copy is made"
    copy = studio.books.wait(family, job.id)
    assert copy.status == "ready" and copy.id != book_id and copy.version_of_id == book_id
    assert copy.settings.style == "comic" and copy.title == original.title
    assert [p.text for p in copy.pages] == [p.text for p in original.pages], "story and edits are kept"
    assert all(p.image_id for p in copy.pages)
    originals = [studio.books.page_image(family, book_id, i) for i in range(4)]
    copies = [studio.books.page_image(family, copy.id, i) for i in range(4)]
    assert all(a != b for a, b in zip(originals, copies, strict=True))
    assert studio.books.get(family, book_id).status == "ready"


def test_restyle_refuses_unknown_styles_and_other_families(
    studio: Studio, family: User, other_family: User
) -> None:
    book_id = make_book(studio, family)
    with pytest.raises(ValidationError):
        studio.books.restyle(family, book_id, "photoreal")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        studio.books.restyle(other_family, book_id, "comic")
    with pytest.raises(NotFound):
        studio.books.rebuild(other_family, book_id)
    with pytest.raises(NotFound):
        studio.books.next_adventure(other_family, book_id)


def test_a_sequel_keeps_the_cast_and_remembers_the_first_book(studio: Studio, family: User) -> None:
    first_id = make_book(studio, family)
    first = studio.books.get(family, first_id)
    job = studio.books.next_adventure(family, first_id, setting="seaside")
    second = studio.books.wait(family, job.id)
    assert second.status == "ready" and second.cast == first.cast
    assert second.series_id == first.series_id == first_id and second.series_index == 2
    assert second.settings.setting == "seaside"
    third = studio.books.wait(family, studio.books.next_adventure(family, second.id).id)
    assert third.series_index == 3 and third.series_id == first_id
    with studio.db.read() as s:
        from storage import tables as t

        recipe = s.get(t.Book, third.id).recipe  # type: ignore[union-attr]
    assert recipe["previously"], "the sequel was written knowing what happened before"
    listed = {b.id: b for b in studio.books.list(family)}
    assert {listed[i].series_id for i in (first_id, second.id, third.id)} == {first_id}


def test_next_adventure_validates_its_changes(studio: Studio, family: User) -> None:
    book_id = make_book(studio, family)
    with pytest.raises(ValidationError):
        studio.books.next_adventure(family, book_id, pages=99)
    with pytest.raises(ValidationError):
        studio.books.next_adventure(family, book_id, colour="red")
    with pytest.raises(ContentRejected):
        studio.books.next_adventure(family, book_id, note="what the f*ck")


def test_rebuild_offline_book_with_openai_as_a_new_version(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    offline = Studio(make_settings(tmp_path), workers=False)
    user = offline.accounts.register("ann@example.org", "correct horse battery")
    book_id = make_book(offline, user)
    offline.close()
    studio = Studio(make_settings(tmp_path, **openai_settings_fields(openai_server)), workers=False)
    try:
        copy = studio.books.wait(user, studio.books.rebuild(user, book_id, providers="openai").id)
        assert copy.status == "ready" and copy.version_of_id == book_id
        assert openai_server.stats.succeeded["chat.completions"] >= 1
        assert openai_server.stats.succeeded["images.edits"] == 4
        back = studio.books.wait(user, studio.books.rebuild(user, copy.id, providers="offline").id)
        assert back.status == "ready" and back.version_of_id == copy.id
        with pytest.raises(ValidationError):
            studio.books.rebuild(user, book_id, providers="dall-e-3")
    finally:
        studio.close()
