"""Family-typed names, titles and words reach the page as text, never as markup or Markdown."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine import CharacterSpec, StorySettings, Studio
from tests.app_server import AppServer
from tests.ui.conftest import sign_up
from tests.ui.gradio_http import backend_handlers, call, component_types, config

pytestmark = pytest.mark.slow
TAG = "<img src=x onerror=alert(1)>"
BOLD = "**bold**"


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings_in(v)]
    return []


def test_markup_typed_by_a_family_is_escaped_in_every_html_output(
    app_server: AppServer, studio: Studio
) -> None:
    family = sign_up(studio, "markup@example.org", f"{TAG} {BOLD}")
    hero = studio.characters.create(family.user, CharacterSpec(name=f"{BOLD} {TAG}"[:40], kind="girl"))
    book = studio.books.generate(family.user, StorySettings(character_ids=(hero.id,), pages=4, seed=1))
    studio.books.rename(family.user, book.id, f"{TAG} {BOLD}")
    cfg = config(app_server.url)
    components = component_types(cfg)
    seen_escaped = False
    for handler in backend_handlers(cfg):
        if handler["inputs"]:
            continue  # the page-level readers take no input; they show everything a family typed
        reply = call(app_server.url, handler["id"], [], token=family.token)
        if not reply.ok:
            continue
        for cid, value in zip(handler["outputs"], reply.output["data"], strict=False):
            kind = components[cid]["type"]
            for text in strings_in(value):
                if kind == "html":
                    assert TAG not in text, f"{handler['api_name']} put raw markup in an HTML block"
                    seen_escaped |= "&lt;img src=x onerror=alert(1)&gt;" in text
                if kind == "markdown":
                    assert BOLD not in text and "onerror" not in text
    assert seen_escaped, "the family's name should have been shown (escaped) somewhere"
    library = next(d["id"] for d in backend_handlers(cfg) if d["api_name"] == "library")
    # The title is shown exactly as typed, as a gallery caption, which Gradio renders as text.
    assert TAG in json.dumps(call(app_server.url, library, [], token=family.token).output)
