"""The family's cast: create, list, edit and delete characters, each with a drawn portrait."""

from __future__ import annotations

import builtins
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from engine.catalog import ArtStyle
from engine.errors import NotFound, ValidationError
from engine.guard import ContentGuard
from engine.media import delete_image, owned_image, store_picture
from engine.models import Character, CharacterSpec, User
from engine.providers import Illustrator
from storage import tables as t
from storage.db import Database

MAX_CHARACTERS = 60
PORTRAIT_STYLE: ArtStyle = "flat"
SPEC_FIELDS = tuple(CharacterSpec.model_fields)


def spec_of(row: t.Character) -> CharacterSpec:
    return CharacterSpec.model_validate({f: getattr(row, f) for f in SPEC_FIELDS})


def to_view(row: t.Character) -> Character:
    return Character(
        id=row.id,
        spec=spec_of(row),
        portrait_image_id=row.portrait_image_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def texts_of(spec: CharacterSpec) -> list[str]:
    """Everything a family typed into a character, for the content check."""
    return [spec.name, *spec.traits, spec.pronunciation or ""]


class Characters:
    """``studio.characters.create(user, CharacterSpec(name="Sal", kind="girl"))``."""

    def __init__(
        self,
        db: Database,
        guard: ContentGuard,
        painter: Illustrator,
        *,
        writable: Callable[[User], None] | None = None,
    ) -> None:
        self._db = db
        self._guard = guard
        self._painter = painter
        self._require_writable = writable or _always_writable

    def create(self, user: User, spec: CharacterSpec) -> Character:
        self._require_writable(user)
        spec = _ensure_spec(spec)
        self._guard.require_safe(texts_of(spec), what="character")
        portrait = self._painter.portrait(spec, PORTRAIT_STYLE, seed=0, size=512)
        with self._db.transaction() as s:
            count = len(s.scalars(select(t.Character.id).where(t.Character.owner_id == user.id)).all())
            if count >= MAX_CHARACTERS:
                raise ValidationError(f"A family can keep up to {MAX_CHARACTERS} characters.")
            row = t.Character(owner_id=user.id, **_columns(spec))
            row.portrait_image_id = store_picture(s, user.id, portrait, prompt="portrait")
            s.add(row)
            s.flush()
            return to_view(row)

    def list(self, user: User) -> builtins.list[Character]:
        with self._db.read() as s:
            rows = s.scalars(
                select(t.Character).where(t.Character.owner_id == user.id).order_by(t.Character.id)
            ).all()
            return [to_view(r) for r in rows]

    def get(self, user: User, character_id: int) -> Character:
        with self._db.read() as s:
            return to_view(self._owned(s, user, character_id))

    def get_many(self, user: User, ids: tuple[int, ...]) -> builtins.list[Character]:
        """The characters in the order asked; ``NotFound`` if any is missing or not this family's."""
        with self._db.read() as s:
            return [to_view(self._owned(s, user, i)) for i in ids]

    def update(self, user: User, character_id: int, spec: CharacterSpec) -> Character:
        self._require_writable(user)
        spec = _ensure_spec(spec)
        self._guard.require_safe(texts_of(spec), what="character")
        with self._db.read() as s:
            self._owned(s, user, character_id)
        portrait = self._painter.portrait(spec, PORTRAIT_STYLE, seed=0, size=512)
        with self._db.transaction() as s:
            row = self._owned(s, user, character_id)
            for key, value in _columns(spec).items():
                setattr(row, key, value)
            old_portrait = row.portrait_image_id
            row.portrait_image_id = store_picture(s, user.id, portrait, prompt="portrait")
            s.flush()
            delete_image(s, old_portrait)
            return to_view(row)

    def delete(self, user: User, character_id: int) -> None:
        """Delete a character; books already made keep their own copy of the cast."""
        self._require_writable(user)
        with self._db.transaction() as s:
            row = self._owned(s, user, character_id)
            portrait_id = row.portrait_image_id
            s.delete(row)
            s.flush()
            delete_image(s, portrait_id)

    def portrait(self, user: User, character_id: int) -> bytes | None:
        with self._db.read() as s:
            row = self._owned(s, user, character_id)
            if row.portrait_image_id is None:
                return None
            return owned_image(s, user.id, row.portrait_image_id).data

    def preview(self, spec: CharacterSpec, style: ArtStyle = PORTRAIT_STYLE, size: int = 384) -> bytes:
        """A portrait drawn on the fly for the designer's live preview (nothing is stored)."""
        return self._painter.portrait(_ensure_spec(spec), style, seed=0, size=size).data

    @staticmethod
    def _owned(s: DbSession, user: User, character_id: int) -> t.Character:
        if not isinstance(character_id, int) or isinstance(character_id, bool):
            raise NotFound("We couldn't find that character.")
        row = s.get(t.Character, character_id) if 0 < character_id < 2**62 else None
        if row is None or row.owner_id != user.id:
            raise NotFound("We couldn't find that character.")
        return row


def _ensure_spec(spec: object) -> CharacterSpec:
    if isinstance(spec, CharacterSpec):
        return spec
    if isinstance(spec, dict):
        return CharacterSpec.model_validate(spec)
    raise ValidationError("Please describe the character.")


def _columns(spec: CharacterSpec) -> dict[str, object]:
    data = spec.model_dump()
    data["traits"] = list(spec.traits)
    return data


def _always_writable(user: User) -> None:
    """Without an accounts check (plain library use) every family may change its cast."""
