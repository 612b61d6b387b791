"""Every Gradio event handler, read from the app's own ``/config``, refuses strangers and other families.

A handler added tomorrow is covered without editing this file: the test walks ``dependencies``.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from engine import Book, StorySettings, Studio
from tests.app_server import AppServer, Family
from tests.db_snapshot import snapshot
from tests.ui.conftest import REX, SAL, sign_up
from tests.ui.gradio_http import backend_handlers, call, component_types, config

pytestmark = pytest.mark.slow
SECRET_TITLE = "Marker Moonlit Secret"
SECRET_WORDS = "Vorpal whispering secret words"


@pytest.fixture(scope="module")
def victim(studio: Studio) -> tuple[Family, Book]:
    family = sign_up(studio, "victim@example.org", "Victim Vera")
    sal = studio.characters.create(family.user, SAL.model_copy(update={"name": "Zephyrine"}))
    rex = studio.characters.create(family.user, REX.model_copy(update={"name": "Quillon"}))
    made = studio.books.generate(family.user, StorySettings(character_ids=(sal.id, rex.id), pages=4, seed=7))
    studio.books.rename(family.user, made.id, SECRET_TITLE)
    studio.books.edit_page(family.user, made.id, 0, SECRET_WORDS)
    return family, studio.books.get(family.user, made.id)


def markers(family: Family, book: Book) -> list[str]:
    names = ["Zephyrine", "Quillon", SECRET_TITLE, "Vorpal", family.email, "Victim Vera"]
    pictures = [f"/media/images/{p.image_id}." for p in book.pages if p.image_id]
    return [*names, *pictures, f"/media/books/{book.id}."]


def victim_view(studio: Studio, family: Family) -> Any:
    """Everything the victim family has, through the engine's own owner-scoped reads."""
    user = family.user
    return (
        studio.accounts.authenticate(family.token).model_dump(),
        [c.model_dump() for c in studio.characters.list(user)],
        [studio.books.get(user, b.id).model_dump() for b in studio.books.list(user)],
        [j.model_dump() for j in studio.jobs.list(user)],
        studio.usage.summary(user).model_dump(),
    )


def attack_values(family: Family, book: Book, studio: Studio) -> list[int]:
    """One of each kind of id the victim owns (character, book, picture, job), plus page index 0."""
    image = next(p.image_id for p in book.pages if p.image_id)
    character = studio.characters.list(family.user)[0].id
    job = studio.jobs.list(family.user)[0].id
    return sorted({character, book.id, image, job, 0})


def inputs_for(handler: dict[str, Any], components: dict[int, dict[str, Any]], value: int) -> list[Any]:
    """Plausible widget values with the victim's id wherever an id could go."""
    out: list[Any] = []
    for cid in handler["inputs"]:
        kind = components[cid]["type"]
        props = components[cid].get("props", {})
        if kind == "state":
            out.append(None)
        elif kind in {"number", "slider"}:
            out.append(value)
        elif kind == "checkboxgroup":
            out.append([value])
        elif kind == "checkbox":
            out.append(True)
        elif kind == "colorpicker":
            out.append("#123456")
        elif kind == "textbox":
            out.append(str(value))
        elif kind == "dropdown" and props.get("value") is None:
            out.append(value)  # a picker of the family's own things (e.g. "find a book")
        else:
            out.append(props.get("value"))
    return out


def leaked(reply_output: Any, secrets: list[str]) -> list[str]:
    dumped = json.dumps(reply_output, ensure_ascii=False)
    return [s for s in secrets if re.search(re.escape(s), dumped, re.IGNORECASE)]


def sweep(server: AppServer, token: str | None, value: int, secrets: list[str]) -> list[str]:
    """Call every handler once with ``value`` wherever an id could go; report any that leaked."""
    cfg = config(server.url)
    components = component_types(cfg)
    event = {"index": 0, "value": value, "selected": True}

    def attempt(handler: dict[str, Any]) -> str | None:
        data = inputs_for(handler, components, value)
        reply = call(server.url, handler["id"], data, token=token, event_data=event)
        found = leaked(reply.output, secrets)
        return f"{handler['api_name']} ({handler['id']}) leaked {found}" if found else None

    with ThreadPoolExecutor(max_workers=4) as pool:
        return [p for p in pool.map(attempt, backend_handlers(cfg)) if p]


def test_the_leak_detector_sees_a_family_s_own_data(
    app_server: AppServer, victim: tuple[Family, Book]
) -> None:
    family, book = victim
    enter = next(d for d in backend_handlers(config(app_server.url)) if d["api_name"] == "enter")
    reply = call(app_server.url, enter["id"], [], token=family.token)
    assert reply.ok
    assert "Victim Vera" in leaked(reply.output, markers(family, book))


def test_no_handler_gives_or_changes_anything_without_a_session(
    app_server: AppServer, studio: Studio, victim: tuple[Family, Book]
) -> None:
    family, book = victim
    before = snapshot(studio.db)
    problems = []
    for value in attack_values(family, book, studio):
        problems += sweep(app_server, None, value, markers(family, book))
    assert problems == []
    assert snapshot(studio.db) == before


def test_another_family_can_neither_see_nor_change_the_first_family_s_things(
    app_server: AppServer, studio: Studio, victim: tuple[Family, Book]
) -> None:
    family, book = victim
    before = victim_view(studio, family)
    problems = []
    for n, value in enumerate(attack_values(family, book, studio)):
        # A fresh attacker each round: one of the handlers may legitimately delete the attacker's own account.
        attacker = sign_up(studio, f"mallory{n}@example.org", "Mallory")
        enter = next(d for d in backend_handlers(config(app_server.url)) if d["api_name"] == "enter")
        assert "Mallory" in json.dumps(call(app_server.url, enter["id"], [], token=attacker.token).output)
        problems += sweep(app_server, attacker.token, value, markers(family, book))
    assert problems == []
    assert victim_view(studio, family) == before
