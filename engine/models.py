"""Pydantic domain types: what families give the engine and what the engine gives back."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from engine.catalog import (
    DEFAULT_PRONOUNS,
    Accessory,
    AgeGroup,
    ArtStyle,
    Camera,
    CharacterKind,
    HairStyle,
    Language,
    Mood,
    Moral,
    Pose,
    Pronouns,
    Prop,
    Setting,
    TimeOfDay,
    Tone,
    Weather,
)
from engine.validation import BoundaryModel, clean_color, clean_text

Color = Annotated[str, AfterValidator(clean_color)]
MAX_CAST = 4
MIN_PAGES, MAX_PAGES = 4, 24


def _tone_alias(value: Any) -> Any:
    return "cozy" if value in ("bedtime", "cozy/bedtime") else value


class CharacterSpec(BoundaryModel):
    """Who a character is and how they look; the illustrator draws from this alone.

    >>> CharacterSpec(name="Sal", kind="girl", traits=["brave", "curious"]).pronoun_set
    'she/her'
    """

    name: str
    kind: CharacterKind = "child"
    pronouns: Pronouns | None = None
    age: int | None = Field(default=None, ge=0, le=120)
    traits: tuple[str, ...] = Field(default=(), max_length=6)
    skin: Color = "#c68642"
    hair_color: Color = "#4a2c17"
    hair_style: HairStyle = "short"
    eye_color: Color = "#3b2a1a"
    outfit_primary: Color = "#e4572e"
    outfit_secondary: Color = "#f3c969"
    accessory: Accessory = "none"
    pronunciation: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return clean_text(v, field="Name", max_len=40)

    @field_validator("traits")
    @classmethod
    def _traits(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = [clean_text(t, field="Each trait", max_len=30).lower() for t in v]
        return tuple(dict.fromkeys(t for t in cleaned))

    @field_validator("pronunciation")
    @classmethod
    def _pronunciation(cls, v: str | None) -> str | None:
        if v is None:
            return None
        return clean_text(v, field="Pronunciation", max_len=60, allow_empty=True) or None

    @property
    def pronoun_set(self) -> Pronouns:
        return self.pronouns or DEFAULT_PRONOUNS.get(self.kind, "they/them")


class StorySettings(BoundaryModel):
    """What book to make: ``StorySettings(character_ids=[1], age_group="3-5", pages=8)``."""

    character_ids: tuple[int, ...] = Field(min_length=1, max_length=MAX_CAST)
    age_group: AgeGroup = "3-5"
    tone: Annotated[Tone, BeforeValidator(_tone_alias)] = "cozy"
    moral: Moral = "kindness"
    setting: Setting = "forest"
    pages: int = Field(default=8, ge=MIN_PAGES, le=MAX_PAGES)
    style: ArtStyle = "watercolor"
    note: str = ""
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    language: Language = "en"
    parents_corner: bool = True

    @field_validator("character_ids")
    @classmethod
    def _ids(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if any(i <= 0 for i in v):
            raise ValueError("Characters: please pick characters from your cast")
        if len(set(v)) != len(v):
            raise ValueError("Characters: each character can only be picked once")
        return v

    @field_validator("note")
    @classmethod
    def _note(cls, v: str) -> str:
        return clean_text(v, field="Note", max_len=300, allow_empty=True)


# --- the story the writers produce and the illustrators draw -------------------------------------


class SceneCharacter(BaseModel):
    """One cast member in a picture: ``who`` is their index in the book's cast."""

    model_config = ConfigDict(frozen=True)
    who: int = Field(ge=0, lt=MAX_CAST)
    action: Pose = "standing"
    mood: Mood = "happy"


class Scene(BaseModel):
    """Everything the illustrator needs to draw one page, without reading the prose."""

    model_config = ConfigDict(frozen=True)
    setting: Setting
    place: str = Field(default="", max_length=120)
    time_of_day: TimeOfDay = "day"
    weather: Weather = "clear"
    characters: tuple[SceneCharacter, ...] = ()
    props: tuple[Prop, ...] = ()
    camera: Camera = "medium"


class Dialogue(BaseModel):
    """Words a character says aloud on a page, exactly as they appear inside the page text."""

    model_config = ConfigDict(frozen=True)
    speaker: int = Field(ge=0, lt=MAX_CAST)
    text: str


class StoryPage(BaseModel):
    model_config = ConfigDict(frozen=True)
    text: str
    scene: Scene
    dialogue: tuple[Dialogue, ...] = ()


class Story(BaseModel):
    """A written book: title, pages with scenes, and what a sequel needs to remember."""

    model_config = ConfigDict(frozen=True)
    title: str
    pages: tuple[StoryPage, ...]
    refrain: str | None = None
    summary: str = ""
    beats: tuple[str, ...] = ()


# --- what the engine hands back ------------------------------------------------------------------


class View(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)


class User(View):
    id: int
    email: str | None
    display_name: str
    is_admin: bool = False
    is_guest: bool = False
    plan: str = "free"
    created_at: datetime


class LoginSession(View):
    token: str
    user: User
    expires_at: datetime


class Character(View):
    id: int
    spec: CharacterSpec
    portrait_image_id: int | None = None
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        return self.spec.name


class PageView(View):
    index: int
    text: str
    scene: Scene | None
    image_id: int | None
    audio_id: int | None = None


class BookSummary(View):
    id: int
    title: str
    status: str
    page_count: int
    pages_done: int
    style: str
    cover_image_id: int | None
    created_at: datetime
    updated_at: datetime
    version_of_id: int | None = None  # set on a re-styled or rebuilt copy: the book it was made from
    series_id: int | None = None  # books of one series (sequels) share this
    series_index: int = 1


class Book(BookSummary):
    settings: StorySettings
    cast: tuple[CharacterSpec, ...]
    pages: tuple[PageView, ...]
    error: str | None = None
