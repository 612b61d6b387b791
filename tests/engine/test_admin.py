"""The admin page's figures and the book view's parent's corner, through the engine API."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine import AuthError, NotFound, StorySettings, Studio, User
from tests.conftest import REX, SAL


def make_book(studio: Studio, user: User, pages: int = 4) -> int:
    sal, rex = studio.characters.create(user, SAL), studio.characters.create(user, REX)
    return studio.books.generate(user, StorySettings(character_ids=(sal.id, rex.id), pages=pages, seed=5)).id


def test_only_an_admin_can_read_the_figures(studio: Studio, family: User) -> None:
    with pytest.raises(AuthError, match="only for the people who run"):
        studio.admin.overview(family)
    studio.accounts.make_admin(family.email or "")
    assert studio.admin.overview(family).families == 1


def test_a_demoted_admin_is_refused_even_with_an_old_user_object(studio: Studio, family: User) -> None:
    admin = studio.accounts.make_admin(family.email or "")
    studio.admin.overview(admin)
    with studio.db.transaction() as s:
        from storage import tables as t

        row = s.get(t.User, admin.id)
        assert row is not None
        row.is_admin = False
    with pytest.raises(AuthError):
        studio.admin.overview(admin)


def test_the_overview_counts_families_books_outcomes_and_provider_speed(
    studio: Studio, family: User, other_family: User
) -> None:
    studio.accounts.start_guest()
    make_book(studio, family)
    make_book(studio, other_family, pages=5)
    admin = studio.accounts.make_admin(family.email or "")
    seen = studio.admin.overview(admin, days=7)
    today = datetime.now(UTC).date()
    assert (seen.families, seen.guests, seen.new_families, seen.books) == (2, 1, 2, 2)
    assert len(seen.books_per_day) == 7 and seen.books_per_day[-1].day == today
    assert seen.books_per_day[-1].count == 2 and sum(d.count for d in seen.books_per_day) == 2
    assert seen.outcomes[-1].done == 2 and seen.outcomes[-1].failed == 0
    assert seen.success_rate == 1.0
    drawn = [p for p in seen.providers if p.books]
    assert [(p.day, p.provider.split(":")[0], p.books) for p in drawn] == [(today, "offline", 2)]
    assert drawn[0].seconds_per_page is not None and drawn[0].seconds_per_page >= 0
    assert all(p.cost_usd == 0 for p in seen.providers)  # the offline providers are free
    assert set(seen.outbox) >= {"pending", "sent"}


def test_the_parents_corner_measures_the_words_the_family_edited(studio: Studio, family: User) -> None:
    book_id = make_book(studio, family)
    corner = studio.books.parents_corner(family, book_id)
    assert corner is not None and len(corner.questions) == 3 and corner.words > 0
    studio.books.edit_page(family, book_id, 0, "One two three four five six seven eight nine ten more.")
    edited = studio.books.parents_corner(family, book_id)
    assert edited is not None and edited.words != corner.words


def test_the_parents_corner_is_owner_only_and_absent_when_switched_off(
    studio: Studio, family: User, other_family: User
) -> None:
    book_id = make_book(studio, family)
    with pytest.raises(NotFound):
        studio.books.parents_corner(other_family, book_id)
    sal = studio.characters.create(family, SAL)
    off = studio.books.generate(family, StorySettings(character_ids=(sal.id,), pages=4, parents_corner=False))
    assert studio.books.parents_corner(family, off.id) is None
