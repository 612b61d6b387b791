"""Property tests over every UI endpoint, found in the app's own ``/config`` (a handler added tomorrow is
covered without editing this file): whatever a browser, a script or a curious teenager sends (random
unicode, huge strings, control characters, wrong types, negative and huge numbers, forged ids, forged,
expired and revoked session cookies), the answer is a normal one or a kind refusal, never a 5xx, never a
traceback, never a crash in our code; a refused call leaves the database exactly as it was, and no answer
carries another family's data."""

from __future__ import annotations

import json
import string
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from engine import MemoryMakerError, Studio
from tests.app_server import AppServer, Family
from tests.db_snapshot import snapshot
from tests.reliability.app_log import log_size, our_crashes
from tests.reliability.conftest import Victim, sign_up
from tests.reliability.figures import record, scaled
from tests.reliability.gradio_session import TRACEBACK, GradioSession, Handler, handlers
from tests.ui.gradio_http import Reply
from ui.common import KIND_MESSAGE

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

text = st.text(max_size=24)
# Huge strings are a short random piece repeated: cheap to draw, as hard on the app as any other.
huge = st.builds(
    lambda piece, times: piece * times, st.text(min_size=1, max_size=8), st.integers(300, 40_000)
)
hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
    huge,
    st.text(
        alphabet=st.sampled_from("\x00\x07\x1b\x85\u2028\u202e\u200b\ufeff\r\n\t<>&\"'`$%{}\\/"), max_size=12
    ),
    st.sampled_from(["<script>alert(1)</script>", "../../etc/passwd", "'; DROP TABLE users; --", "%s%n"]),
    st.lists(st.one_of(st.integers(), text), max_size=4),
    st.dictionaries(st.text(max_size=6), st.one_of(st.integers(), text), max_size=3),
)
cookie_chars = string.ascii_letters + string.digits + "-_.~!#$%&'()*+/:<=>?@[]^`{|}"
TOKEN_KINDS = ("own", "own", "own", "none", "forged", "expired", "revoked")


@dataclass
class Arena:
    server: AppServer
    studio: Studio
    victim: Victim
    family: Family
    targets: list[Handler]
    tried: int = 0
    leaks: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)  # answered / refused / changed the database
    problems: list[str] = field(default_factory=list)
    joined: int = 0  # families made because a handler deleted the last one (account_delete works)

    def own_family(self) -> Family:
        try:
            self.studio.accounts.authenticate(self.family.token)
        except MemoryMakerError:
            self.joined += 1
            self.family = sign_up(self.server, self.studio, f"mallory{self.joined}@example.org", "Mallory")
        return self.family


@pytest.fixture(scope="module")
def arena(quiet_app: AppServer, quiet_studio: Studio, victim: Victim) -> Arena:
    mallory = sign_up(quiet_app, quiet_studio, "mallory@example.org", "Mallory")
    return Arena(quiet_app, quiet_studio, victim, mallory, handlers(quiet_app.url))


def value_for(data: st.DataObject, kind: str, choices: tuple[Any, ...], ids: st.SearchStrategy[Any]) -> Any:
    """Mostly hostile, sometimes plausible for the widget, often with someone's id where an id could go."""
    plausible: dict[str, st.SearchStrategy[Any]] = {
        "textbox": text,
        "number": ids,
        "slider": ids,
        "checkboxgroup": st.lists(ids, max_size=4),
        "checkbox": st.booleans(),
        "colorpicker": st.from_regex(r"\A#[0-9a-fA-F]{6}\Z"),
        "dropdown": st.sampled_from(choices) if choices else ids,
        "radio": st.sampled_from(choices) if choices else text,
    }
    return data.draw(st.one_of(hostile, plausible.get(kind, hostile), ids), label=kind)


def token_for(arena: Arena, kind: str, forged: str) -> str | None:
    return {
        "own": arena.own_family().token,
        "none": None,
        "forged": forged,
        "expired": arena.victim.expired_token,
        "revoked": arena.victim.revoked_token,
    }[kind]


def judge(arena: Arena, handler: Handler, reply: Reply, token_kind: str, changed: bool) -> list[str]:
    """What is wrong with one answer, if anything."""
    dumped = json.dumps(reply.output, ensure_ascii=False, default=str)
    where = f"{handler.api_name} with a {token_kind} session"
    wrong = []
    if reply.status >= 500 or reply.status == 0:
        wrong.append(f"{where}: HTTP {reply.status} {dumped[:200]}")
    if TRACEBACK.search(dumped):
        wrong.append(f"{where}: a traceback reached the page")
    if KIND_MESSAGE in dumped:
        wrong.append(f"{where}: an unexpected error in our code ('something went wrong')")
    leaked = [m for m in arena.victim.markers if m.lower() in dumped.lower()]
    if leaked:
        arena.leaks += 1
        wrong.append(f"{where}: another family's data in the answer {leaked}")
    if changed and (not reply.ok or token_kind != "own"):
        wrong.append(f"{where}: {'refused' if not reply.ok else 'signed-out'} call changed the database")
    return wrong


def try_everything(arena: Arena, data: st.DataObject) -> None:
    """One browser tab (warmed up like a signed-in page, or cold) calling every handler once."""
    ids = st.one_of(st.sampled_from(arena.victim.ids), st.integers(-(2**40), 2**40), st.sampled_from([0, -1]))
    forged = data.draw(
        st.one_of(
            st.text(alphabet=cookie_chars, max_size=60), st.builds(lambda c: c * 43, st.sampled_from("aZ0-_"))
        ),
        label="forged cookie",
    )
    order = data.draw(st.permutations(arena.targets), label="order")
    token_kind = data.draw(st.sampled_from(TOKEN_KINDS), label="session")
    warm = data.draw(st.booleans(), label="warm tab")
    with GradioSession(arena.server.url, token_for(arena, token_kind, forged)) as tab:
        if warm:
            tab.call(next(h.fn_index for h in arena.targets if h.api_name == "enter"), [])
        for handler in order:
            values = [value_for(data, k, c, ids) for k, c in zip(handler.kinds, handler.choices, strict=True)]
            event = data.draw(
                st.one_of(st.none(), hostile, st.fixed_dictionaries({"index": ids, "value": hostile})),
                label="event",
            )
            before = snapshot(arena.studio.db)
            reply = tab.call(handler.fn_index, values, event)
            changed = snapshot(arena.studio.db) != before
            arena.tried += 1
            arena.outcomes.update(["answered" if reply.ok else "refused"] + (["changed"] if changed else []))
            arena.problems += judge(arena, handler, reply, token_kind, changed)


def test_the_handlers_were_found_and_the_leak_check_sees_a_family_s_own_data(arena: Arena) -> None:
    names = {h.api_name for h in arena.targets}
    assert {"enter", "character_save", "story_start", "library", "book_open", "book_edit_page"} <= names
    assert all(len(h.kinds) == len(h.choices) for h in arena.targets)
    enter = next(h for h in arena.targets if h.api_name == "enter")
    with GradioSession(arena.server.url, arena.victim.family.token) as tab:
        own = tab.call(enter.fn_index, [])
    control = Arena(arena.server, arena.studio, arena.victim, arena.victim.family, [])
    assert any("another family's data" in p for p in judge(control, enter, own, "victim's own", False))


@settings(
    max_examples=scaled(6, 60),
    deadline=None,
    derandomize=True,  # the same inputs every run: a CI failure can be re-run and read
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    phases=(Phase.explicit, Phase.generate),  # shrinking against a live server takes minutes; the
    # problem list already names the handler, the session and what was wrong
)
@given(data=st.data())
def test_every_handler_takes_anything_kindly_and_a_refusal_changes_nothing(arena: Arena, data: Any) -> None:
    start = log_size(arena.server.log_path)
    arena.problems.clear()
    try_everything(arena, data)
    crashes = our_crashes(arena.server.log_path, since=start)
    assert arena.problems == [], arena.problems[:5]
    assert crashes == [], crashes[:2]


def test_the_victim_family_is_untouched_after_all_that(arena: Arena) -> None:
    studio, victim = arena.studio, arena.victim
    user = victim.family.user
    outcomes = arena.outcomes
    record(
        "test_endpoint_inputs",
        inputs_tried=arena.tried,
        inputs_refused=outcomes["refused"],
        handlers=len(arena.targets),
        leaks=arena.leaks,
    )
    assert arena.tried >= len(arena.targets)
    assert outcomes["refused"] and outcomes["answered"] and outcomes["changed"], outcomes
    book = studio.books.get(user, victim.book.id)
    assert book.model_dump() == victim.book.model_dump()
    assert sorted(c.name for c in studio.characters.list(user)) == ["Quillon", "Zephyrine"]
    assert studio.accounts.authenticate(victim.family.token).display_name == "Victim Vera"
