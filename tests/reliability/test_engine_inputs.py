"""Property tests over the engine API: whatever a caller sends (random unicode, huge strings, control
characters, wrong types, extreme numbers, forged ids and tokens), only ``engine.errors`` come out and a
refused call leaves the database exactly as it was."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import MemoryMakerError, Studio, User
from tests.conftest import SAL, make_settings
from tests.db_snapshot import snapshot

pytestmark = pytest.mark.reliability

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=20_000),
    st.text(alphabet=st.sampled_from("\x00\x07\x1b\u202e\u200b\ufeff\r\n\t<>&\"'`$%{}"), max_size=40),
    st.lists(st.text(max_size=20), max_size=12),
    st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=5),
)
ids = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70), st.text(max_size=20), st.none(), st.floats()
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Studio, User, User, int, int]]:
    studio = Studio(make_settings(tmp_path_factory.mktemp("fuzz"), picture_size=256), workers=False)
    ann = studio.accounts.register("ann@example.org", "correct horse battery")
    bob = studio.accounts.register("bob@example.org", "another long password")
    sal = studio.characters.create(ann, SAL)
    book = studio.books.generate(ann, {"character_ids": [sal.id], "pages": 4, "seed": 1})  # type: ignore[arg-type]
    yield studio, ann, bob, sal.id, book.id
    studio.close()


def refused_or_fine(studio: Studio, call: Callable[[], object], *, records: tuple[str, ...] = ()) -> None:
    """The call either works or raises a MemoryMakerError; if refused, nothing changed (except the
    tables named in ``records``, e.g. a failed sign-in is counted for throttling)."""
    before = snapshot(studio.db)
    try:
        call()
    except MemoryMakerError as err:
        assert str(err) and "Traceback" not in str(err)
        after = snapshot(studio.db)
        assert {k: v for k, v in after.items() if k not in records} == {
            k: v for k, v in before.items() if k not in records
        }
    except Exception as err:  # pragma: no cover - the property under test
        raise AssertionError(f"non-engine error escaped: {type(err).__name__}: {err}") from err


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(email=anything, password=anything, name=anything)
def test_sign_up_and_sign_in_take_anything(world: Any, email: Any, password: Any, name: Any) -> None:
    studio = world[0]
    refused_or_fine(studio, lambda: studio.accounts.register(email, password, display_name=name))
    refused_or_fine(studio, lambda: studio.accounts.login(email, password), records=("login_failures",))


@FAST
@given(token=anything)
def test_forged_tokens_are_refused(world: Any, token: Any) -> None:
    studio = world[0]
    with pytest.raises(MemoryMakerError):
        studio.accounts.authenticate(token)


@FAST
@given(
    fields=st.dictionaries(
        st.sampled_from(["name", "kind", "traits", "age", "skin", "accessory", "x"]), anything
    )
)
def test_characters_take_anything(world: Any, fields: dict[str, Any]) -> None:
    studio, ann, _, sal_id, _ = world
    refused_or_fine(studio, lambda: studio.characters.update(ann, sal_id, fields))  # type: ignore[arg-type]


@FAST
@given(
    fields=st.dictionaries(
        st.sampled_from(["character_ids", "pages", "age_group", "tone", "note", "seed", "style", "language"]),
        anything,
    )
)
def test_story_settings_take_anything(world: Any, fields: dict[str, Any]) -> None:
    studio, ann, _, sal_id, _ = world
    refused_or_fine(studio, lambda: studio.books.start(ann, {"character_ids": [sal_id], **fields}))  # type: ignore[arg-type]


@FAST
@given(book_id=ids, index=ids, text=anything)
def test_forged_ids_never_reach_another_familys_book(world: Any, book_id: Any, index: Any, text: Any) -> None:
    studio, _, bob, _, anns_book = world
    for target in (book_id, anns_book):
        refused_or_fine(studio, lambda b=target: studio.books.edit_page(bob, b, index, text))
        refused_or_fine(studio, lambda b=target: studio.books.rename(bob, b, text))
        refused_or_fine(studio, lambda b=target: studio.books.page_image(bob, b, index))
    assert studio.books.list(bob) == []


def test_passwords_never_reach_logs_or_the_database(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    secret = "Zebra-Quartz-Password-4417"
    studio = Studio(make_settings(tmp_path), workers=False)
    user = studio.accounts.register("ann@example.org", secret)
    for attempt in (secret + "x", secret):
        with contextlib.suppress(MemoryMakerError):
            studio.accounts.login("ann@example.org", attempt)
    studio.accounts.change_password(user, secret, secret + "-new")
    studio.close()
    assert secret not in caplog.text
    for path in tmp_path.iterdir():
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path.name
