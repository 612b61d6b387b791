"""Read-aloud: a page spoken by the narrator, with each character's lines in their own voice.

The audio is made once per page and kept (``Page.audio_id``); it is made again only when what would
be said changes (the family edited the words, or the book is read by another narrator).
"""

from __future__ import annotations

import hashlib
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pydantic
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from engine import book_views as views
from engine.catalog import Language
from engine.errors import Conflict, ValidationError
from engine.media import record_usage, store_speech
from engine.models import Dialogue, StoryPage, User
from engine.providers import Narrator, Speech
from engine.recipes import Recipe
from engine.voice.casting import cast_voices
from engine.voice.joining import join_speech, total_usage
from engine.voice.script import Spoken, script
from storage import tables as t
from storage.db import Database

log = logging.getLogger(__name__)
NO_NARRATOR = (
    "Read-aloud needs a voice, and none is set up on this computer. Ask whoever runs Memory Maker to "
    "install espeak-ng or add an OpenAI key."
)
NOTHING_TO_READ = "There are no words on this page to read aloud."
MAX_PARALLEL = 4  # voices spoken at the same time for one page


@dataclass(frozen=True)
class _Plan:
    """What one page would sound like, before any voice service is asked."""

    lines: tuple[Spoken, ...]
    language: Language
    text: str  # the page text it was made from
    key: str  # fingerprint of narrator, language, voices and words: same key, same audio


class ReadAloud:
    """``audio, fmt = ReadAloud(db, narrator).page_audio(user, book_id, 0)``: WAV or MP3 bytes.

    ``narrator`` is ``None`` when no voice is available (no espeak-ng, no key); every call then says
    so kindly instead of failing later.
    """

    def __init__(self, db: Database, narrator: Narrator | None) -> None:
        self._db = db
        self._narrator = narrator

    @property
    def available(self) -> bool:
        """Whether pages can be read aloud here (the Book page hides its player when not)."""
        return self._narrator is not None

    def page_audio(self, user: User, book_id: int, index: int) -> tuple[bytes, str]:
        """The page read aloud, as ``(bytes, "wav" | "mp3")``; made once, then served from the library."""
        narrator = self._require_narrator()
        with self._db.read() as s:
            page = views.owned_page(s, views.owned_book(s, user.id, book_id), index)
            plan = _plan(narrator, page)
            stored = _stored_audio(s, user.id, page, plan)
            if stored is not None:
                return stored
        speech = self._speak(narrator, user, book_id, plan)
        self._keep(user, book_id, index, plan, speech)
        return speech.data, speech.format

    def page_script(self, user: User, book_id: int, index: int) -> tuple[Spoken, ...]:
        """What would be said on the page and in which voice (``None``: the narrator's), without speaking."""
        narrator = self._require_narrator()
        with self._db.read() as s:
            return _plan(narrator, views.owned_page(s, views.owned_book(s, user.id, book_id), index)).lines

    # -- internals -------------------------------------------------------------------------------

    def _require_narrator(self) -> Narrator:
        if self._narrator is None:
            raise Conflict(NO_NARRATOR)
        return self._narrator

    def _speak(self, narrator: Narrator, user: User, book_id: int, plan: _Plan) -> Speech:
        """Every stretch spoken at once (a page with three voices shouldn't take three times as long)."""
        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(plan.lines))) as pool:
            futures = [
                pool.submit(narrator.speak, line.text, line.voice, plan.language) for line in plan.lines
            ]
        errors = [err for f in futures if (err := f.exception()) is not None]
        parts = [f.result() for f in futures if f.exception() is None]
        if errors:
            if parts:  # what was spoken may have been paid for: it still counts
                with self._db.transaction() as s:
                    used = total_usage([u for p in parts for u in p.usage])
                    record_usage(s, user.id, used, book_id=book_id)
            raise errors[0]
        return join_speech(parts)

    def _keep(self, user: User, book_id: int, index: int, plan: _Plan, speech: Speech) -> None:
        """Store the audio on the page with its usage, in one transaction, unless the page moved on."""
        with self._db.transaction() as s:
            book = views.owned_book(s, user.id, book_id)
            record_usage(s, user.id, speech.usage, book_id=book.id)
            page = s.scalar(select(t.Page).where(t.Page.book_id == book.id, t.Page.index == index))
            if page is None or page.text != plan.text:
                return  # edited while we spoke: the next play makes audio for the new words
            if _stored_audio(s, user.id, page, plan) is not None:
                return  # another request for this page finished first
            old = page.audio_id
            page.audio_id = store_speech(s, user.id, speech, text_hash=plan.key)
            _drop_unused_audio(s, user.id, old)


def _plan(narrator: Narrator, page: t.Page) -> _Plan:
    book = page.book
    recipe = Recipe.model_validate(book.recipe)
    language = recipe.settings.language
    casting = cast_voices(narrator, recipe.cast, language)
    lines = script(page.text, _dialogue(book, page.index), recipe.cast, casting)
    if not lines:
        raise ValidationError(NOTHING_TO_READ)
    said = [[line.voice, line.text] for line in lines]
    fingerprint = json.dumps([narrator.name, narrator.model, language, said], ensure_ascii=False)
    key = hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()
    return _Plan(lines=lines, language=language, text=page.text, key=key)


def _dialogue(book: t.Book, index: int) -> tuple[Dialogue, ...]:
    """The page's marked dialogue from the stored story; none if the story is missing or unreadable."""
    pages = (book.story or {}).get("pages")
    if not isinstance(pages, list) or not 0 <= index < len(pages):
        return ()
    try:
        return StoryPage.model_validate(pages[index]).dialogue
    except pydantic.ValidationError:
        log.warning(
            "book %s page %s: stored story page is unreadable; reading it with one voice", book.id, index
        )
        return ()


def _stored_audio(s: DbSession, owner_id: int, page: t.Page, plan: _Plan) -> tuple[bytes, str] | None:
    if page.audio_id is None:
        return None
    audio = s.get(t.Audio, page.audio_id)
    if audio is None or audio.owner_id != owner_id or audio.text_hash != plan.key:
        return None
    return audio.data, audio.format


def _drop_unused_audio(s: DbSession, owner_id: int, audio_id: int | None) -> None:
    """Delete replaced audio unless another page (say, a restyled copy of the book) still plays it."""
    if audio_id is None:
        return
    still_used = s.scalar(select(func.count()).select_from(t.Page).where(t.Page.audio_id == audio_id))
    audio = s.get(t.Audio, audio_id)
    if audio is not None and audio.owner_id == owner_id and not still_used:
        s.delete(audio)
