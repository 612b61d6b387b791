"""Every text field of the UI refuses the content checker's whole list of unsafe inputs (the same list the
moderation tests use), kindly, and a refused text changes nothing: character name and traits, the story
note, a page's words, a book's title and the family's display name (which is printed in every book)."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from engine import CharacterSpec, StorySettings, Studio
from tests.app_server import AppServer, Family
from tests.db_snapshot import snapshot
from tests.engine.test_moderation import UNSAFE
from tests.reliability.conftest import sign_up
from tests.reliability.figures import record
from tests.reliability.gradio_session import GradioSession, handlers
from tests.ui.gradio_http import Reply

pytestmark = [pytest.mark.reliability, pytest.mark.slow]
REFUSED = "child-friendly"  # from ContentRejected's message
TYPED, CAST = "<typed>", "<cast>"  # where the typed text and the family's character ids go
LOOK = ("#f1c27d", "#3b2a1a", "short", "#3b2a1a", "#d62828", "#ffffff", "none")  # skin … accessory
STORY = ("3-5", 4, "cozy", "kindness", "forest", "flat", "en")  # age … language
# field: (the page it is on, the handler its button runs, that handler's inputs)
FIELDS: dict[str, tuple[str, str, tuple[Any, ...]]] = {
    "character name": ("designer", "character_save", (None, TYPED, "child", "", "kind", *LOOK)),
    "character traits": ("designer", "character_save", (None, "Tia", "child", "", f"kind, {TYPED}", *LOOK)),
    "story note": ("new story", "story_start", (CAST, *STORY, TYPED)),
    "page words": ("book page", "book_edit_page", (None, None, TYPED)),
    "book title": ("book page", "book_rename", (None, TYPED)),
    "display name": ("account", "save_name", (TYPED,)),
}


class Form:
    """One browser tab of a signed-in family, opened on the page that holds the field."""

    def __init__(self, server: AppServer, family: Family, book_id: int, character_id: int) -> None:
        self.server, self.family, self.book_id, self.character_id = server, family, book_id, character_id
        self.api = {h.api_name: h.fn_index for h in handlers(server.url)}

    def run(self, tab: GradioSession, name: str, *data: Any, event: Any = None) -> Reply:
        reply = tab.call(self.api[name], list(data), event)
        assert reply.status == 200, (name, reply)
        return reply

    def open(self, tab: GradioSession, page: str) -> None:
        """Go where the field is, as a parent would click (a gr.State input is sent as None: the
        server keeps its value)."""
        if page == "new story":
            self.run(tab, "story_cast")
        elif page == "book page":  # Library → the book (by the title finder) → page 1
            self.run(tab, "library")
            self.run(tab, "library_find", self.book_id)
            assert self.run(tab, "book_open", None).ok
            assert self.run(tab, "book_page", None, event={"index": 0, "value": None}).ok

    def type_in(self, tab: GradioSession, field: str, text: str) -> Reply:
        """Type ``text`` into ``field`` and press its button."""
        _, handler, inputs = FIELDS[field]
        values = [
            [self.character_id] if v == CAST else v.replace(TYPED, text) if isinstance(v, str) else v
            for v in inputs
        ]
        return self.run(tab, handler, *values)


@pytest.fixture(scope="module")
def form(quiet_app: AppServer, quiet_studio: Studio) -> Form:
    family = sign_up(quiet_app, quiet_studio, "careful@example.org", "Carla Careful")
    pet = quiet_studio.characters.create(family.user, CharacterSpec(name="Pim", kind="cat"))
    book = quiet_studio.books.generate(family.user, StorySettings(character_ids=(pet.id,), pages=4, seed=2))
    return Form(quiet_app, family, book.id, pet.id)


@pytest.mark.parametrize("field", list(FIELDS))
def test_every_unsafe_input_is_refused_in_the_field(form: Form, quiet_studio: Studio, field: str) -> None:
    before = snapshot(quiet_studio.db)

    def try_words(words: list[str]) -> list[str]:
        with GradioSession(form.server.url, form.family.token) as tab:
            form.open(tab, FIELDS[field][0])
            return [w for w in words if not refused(form.type_in(tab, field, w))]

    with ThreadPoolExecutor(max_workers=3) as pool:
        accepted = [w for chunk in pool.map(try_words, [UNSAFE[i::3] for i in range(3)]) for w in chunk]
    record("test_unsafe_text_fields", inputs_tried=len(UNSAFE), unsafe_accepted=len(accepted))
    assert accepted == [], f"{field} accepted {accepted}"
    assert snapshot(quiet_studio.db) == before


def refused(reply: Reply) -> bool:
    return not reply.ok and REFUSED in str(reply.output)


def test_signing_up_with_an_unsafe_display_name_is_refused(
    quiet_app: AppServer, quiet_studio: Studio
) -> None:
    before = snapshot(quiet_studio.db)

    def accepts(word: str) -> bool:
        email = f"u{uuid.uuid4().hex[:10]}@example.org"
        body = {"email": email, "password": "a fine long password", "display_name": word}
        answer = httpx.post(f"{quiet_app.url}/auth/register", json=body, timeout=30)
        return answer.status_code == 200 or REFUSED not in answer.text

    with ThreadPoolExecutor(max_workers=4) as pool:
        accepted = [w for w, bad in zip(UNSAFE, pool.map(accepts, UNSAFE), strict=True) if bad]
    record("test_unsafe_text_fields", inputs_tried=len(UNSAFE), unsafe_accepted=len(accepted))
    assert accepted == []
    assert snapshot(quiet_studio.db) == before
