"""A book's recipe: everything needed to make it again (settings, cast snapshot, seed, providers)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from engine.models import CharacterSpec, Scene, StorySettings
from engine.providers import PictureRequest, StoryRequest


class ProviderIds(BaseModel):
    model_config = ConfigDict(frozen=True)
    writer: str
    writer_model: str
    illustrator: str
    illustrator_model: str


class Recipe(BaseModel):
    """Stored as JSON with every book; ``Recipe.model_validate(book.recipe)``."""

    model_config = ConfigDict(frozen=True)
    version: int = 1
    settings: StorySettings
    character_ids: tuple[int, ...]
    cast: tuple[CharacterSpec, ...]
    seed: int
    providers: ProviderIds
    previously: str = ""

    def story_request(self) -> StoryRequest:
        s = self.settings
        return StoryRequest(
            cast=self.cast,
            age_group=s.age_group,
            tone=s.tone,
            moral=s.moral,
            setting=s.setting,
            pages=s.pages,
            seed=self.seed,
            note=s.note,
            language=s.language,
            previously=self.previously,
        )

    def picture_request(self, scene: Scene, index: int, size: int) -> PictureRequest:
        return PictureRequest(
            scene=scene,
            cast=self.cast,
            style=self.settings.style,
            seed=page_seed(self.seed, index),
            page_index=index,
            width=size,
            height=size,
        )


def page_seed(book_seed: int, index: int) -> int:
    """A stable, well-spread seed per page (the same page always gets the same picture)."""
    return (book_seed * 1_000_003 + index * 7_919) % (2**31)
