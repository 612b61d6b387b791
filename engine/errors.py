"""The one error hierarchy of Memory Maker: every message is written for a parent to read."""

from __future__ import annotations


class MemoryMakerError(Exception):
    """Base of every error the engine raises on purpose; ``str(err)`` is safe to show a family."""

    default_message = "Something went wrong. Please try again."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self.args[0])


class ValidationError(MemoryMakerError):
    """What was typed or chosen cannot be used; nothing was changed."""

    default_message = "Some of the details don't look right. Please check them and try again."


class AuthError(MemoryMakerError):
    """Sign-in failed, or the session is unknown, expired or signed out."""

    default_message = "Please sign in again."


class NotFound(MemoryMakerError):
    """The thing does not exist, or belongs to another family (the two look the same)."""

    default_message = "We couldn't find that. It may have been deleted."


class QuotaExceeded(MemoryMakerError):
    """The family's plan does not allow more of this right now."""

    default_message = "You've reached your plan's limit for now. Please try again later."


class ProviderError(MemoryMakerError):
    """A story, picture or voice service failed; finished work is kept."""

    default_message = "The story service is having trouble right now. Please try again in a little while."


class ContentRejected(MemoryMakerError):
    """The text is not suitable for a children's book; nothing was stored."""

    default_message = "Let's keep it kind and child-friendly. Please choose different words."


class Conflict(MemoryMakerError):
    """The action doesn't fit the current state (e.g. the book is still being made)."""

    default_message = "That can't be done right now. Please wait a moment and try again."


__all__ = [
    "AuthError",
    "Conflict",
    "ContentRejected",
    "MemoryMakerError",
    "NotFound",
    "ProviderError",
    "QuotaExceeded",
    "ValidationError",
]
