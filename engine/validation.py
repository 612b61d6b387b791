"""Input checking shared by every boundary model: clean text, colours, and friendly error messages."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Self

import pydantic
from pydantic import BaseModel, ConfigDict

from engine.errors import ValidationError

_HEX = re.compile(r"^#[0-9a-f]{6}$")

FIELD_LABELS = {
    "name": "Name",
    "kind": "Kind",
    "pronouns": "Pronouns",
    "age": "Age",
    "traits": "Traits",
    "skin": "Skin or fur colour",
    "hair_color": "Hair colour",
    "hair_style": "Hair style",
    "eye_color": "Eye colour",
    "outfit_primary": "Outfit colour",
    "outfit_secondary": "Second outfit colour",
    "accessory": "Accessory",
    "pronunciation": "Pronunciation",
    "character_ids": "Characters",
    "age_group": "Reader's age",
    "tone": "Tone",
    "moral": "Moral",
    "setting": "Setting",
    "pages": "Number of pages",
    "style": "Art style",
    "note": "Note",
    "seed": "Seed",
    "language": "Language",
    "title": "Title",
}


def clean_text(value: str, *, field: str, max_len: int, allow_empty: bool = False) -> str:
    """Normalise unicode, collapse whitespace and refuse control characters or over-long text."""
    if not isinstance(value, str):
        raise ValueError("must be text")
    text = unicodedata.normalize("NFC", value)
    if any(unicodedata.category(ch) in {"Cc", "Cs", "Co"} and ch not in " " for ch in text):
        raise ValueError(f"{field} can't contain hidden control characters")
    text = " ".join(text.split())
    if not text and not allow_empty:
        raise ValueError(f"{field} can't be empty")
    if len(text) > max_len:
        raise ValueError(f"{field} must be at most {max_len} characters")
    return text


def checked_text(value: object, *, field: str, max_len: int, allow_empty: bool = False) -> str:
    """``clean_text`` for direct calls (outside a model): refusals are ``engine.ValidationError``."""
    try:
        if not isinstance(value, str):
            raise ValueError(f"{field} must be text")
        return clean_text(value, field=field, max_len=max_len, allow_empty=allow_empty)
    except ValueError as err:
        raise ValidationError(f"{err}.") from err


def clean_color(value: str) -> str:
    """Accept ``#rrggbb`` (any case) and return it lower-case."""
    if not isinstance(value, str) or not _HEX.match(value.strip().lower()):
        raise ValueError("must be a colour like #a1b2c3")
    return value.strip().lower()


def friendly_message(err: pydantic.ValidationError) -> str:
    """Turn pydantic's first error into one sentence a parent can act on."""
    first = err.errors()[0]
    loc = [str(p) for p in first.get("loc", ()) if not isinstance(p, int)]
    label = FIELD_LABELS.get(loc[0], loc[0].replace("_", " ").capitalize()) if loc else "Input"
    msg = str(first.get("msg", "is not valid"))
    msg = msg.removeprefix("Value error, ")
    if msg.lower().startswith(label.lower()):
        return msg[:1].upper() + msg[1:] + "."
    return f"{label}: {msg[:1].lower() + msg[1:]}."


class BoundaryModel(BaseModel):
    """A model for data that crosses into the engine: invalid data raises ``engine.ValidationError``."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as err:
            raise ValidationError(friendly_message(err)) from err

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, *args, **kwargs)
        except pydantic.ValidationError as err:
            raise ValidationError(friendly_message(err)) from err

    def replace(self, **changes: Any) -> Self:
        """A validated copy with some fields changed: ``spec.replace(name="Sam")``."""
        return type(self).model_validate({**self.model_dump(), **changes})
