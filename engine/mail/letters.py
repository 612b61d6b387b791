"""What each kind of outbox message becomes when it is sent, read from the database at that moment.

Links are made here, at send time, so the outbox never holds a token; ``None`` means the message is
no longer wanted (account gone, address already confirmed, notices switched off, book deleted).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.orm import Session as DbSession

from engine.config import Settings
from engine.mail import links
from engine.mail.compose import Letter
from storage import tables as t

Renderer = Callable[[DbSession, t.OutboxMessage, Settings], Letter | None]


def _recipient(s: DbSession, row: t.OutboxMessage) -> t.User | None:
    user = s.get(t.User, row.user_id) if row.user_id is not None else None
    if user is None or user.is_guest or not user.email:
        return None
    return user


def reset_letter(s: DbSession, row: t.OutboxMessage, settings: Settings) -> Letter | None:
    user = _recipient(s, row)
    if user is None or user.email is None:
        return None
    token = links.issue(s, user, "reset")
    url = links.link(settings.public_url, "reset", token)
    return Letter("reset", user.email, user.display_name, {"link": url})


def confirm_letter(s: DbSession, row: t.OutboxMessage, settings: Settings) -> Letter | None:
    user = _recipient(s, row)
    if user is None or user.email is None or user.email_confirmed_at is not None:
        return None
    token = links.issue(s, user, "confirm")
    url = links.link(settings.public_url, "confirm", token)
    return Letter("confirm", user.email, user.display_name, {"link": url})


def book_ready_letter(s: DbSession, row: t.OutboxMessage, settings: Settings) -> Letter | None:
    user = _recipient(s, row)
    book = s.get(t.Book, int(row.params.get("book_id", 0)))
    if user is None or user.email is None or not user.notify_book_ready:
        return None
    if book is None or book.owner_id != user.id or book.status != "ready":
        return None
    url = f"{settings.public_url}/?book={book.id}"
    title = book.title or "Your new book"
    return Letter("book_ready", user.email, user.display_name, {"link": url, "title": title})


LETTERS: Mapping[str, Renderer] = {
    "reset": reset_letter,
    "confirm": confirm_letter,
    "book_ready": book_ready_letter,
}
