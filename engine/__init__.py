"""Memory Maker's engine: the public library API for making personalised picture books.

>>> from engine import Studio, CharacterSpec, StorySettings  # doctest: +SKIP
>>> studio = Studio.from_env()  # doctest: +SKIP
"""

from engine.admin import AdminOverview
from engine.config import Settings
from engine.errors import (
    AuthError,
    Conflict,
    ContentRejected,
    MemoryMakerError,
    NotFound,
    ProviderError,
    QuotaExceeded,
    ValidationError,
)
from engine.jobs import JobView
from engine.models import Book, BookSummary, Character, CharacterSpec, LoginSession, StorySettings, User
from engine.studio import Studio

__all__ = [
    "AdminOverview",
    "AuthError",
    "Book",
    "BookSummary",
    "Character",
    "CharacterSpec",
    "Conflict",
    "ContentRejected",
    "JobView",
    "LoginSession",
    "MemoryMakerError",
    "NotFound",
    "ProviderError",
    "QuotaExceeded",
    "Settings",
    "StorySettings",
    "Studio",
    "User",
    "ValidationError",
]
