"""One-time emailed links: 32 random bytes for the family, only their SHA-256 for the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DbSession

from engine.errors import AuthError
from engine.secrets import new_token, token_hash
from storage import tables as t

LIFETIMES = {"reset": timedelta(hours=1), "confirm": timedelta(hours=48)}
PATHS = {"reset": "/reset", "confirm": "/confirm"}
BROKEN_LINK = {
    "reset": "This reset link doesn't work any more: it was used already or is more than an hour old. "
    "Please ask for a new one.",
    "confirm": "This confirmation link doesn't work any more: it was used already or is more than two "
    "days old. You can ask for a new one on your account page.",
}


def _now() -> datetime:
    return datetime.now(UTC)


def issue(s: DbSession, user: t.User, purpose: str) -> str:
    """A fresh token for ``user``'s current address; the caller puts it in a link and forgets it."""
    assert user.email is not None
    token, now = new_token(), _now()
    s.add(
        t.EmailToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash(token),
            email=user.email,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    s.flush()
    return token


def link(site: str, purpose: str, token: str) -> str:
    """``https://books.example.org/reset?token=…`` (tokens are URL-safe already)."""
    return f"{site}{PATHS[purpose]}?token={token}"


def find(s: DbSession, token: object, purpose: str) -> t.EmailToken | None:
    """The stored token whatever its state, or ``None`` if it was never issued."""
    if not isinstance(token, str) or not 20 <= len(token.strip()) <= 100:
        return None
    return s.scalar(
        select(t.EmailToken).where(
            t.EmailToken.token_hash == token_hash(token.strip()), t.EmailToken.purpose == purpose
        )
    )


def usable(row: t.EmailToken | None) -> bool:
    return row is not None and row.used_at is None and row.expires_at > _now()


def redeem(s: DbSession, token: object, purpose: str) -> t.EmailToken:
    """Use a token up; ``AuthError`` if unknown, used or expired. Of two racing uses, one wins."""
    row = find(s, token, purpose)
    if row is None or not usable(row):
        raise AuthError(BROKEN_LINK[purpose])
    result = s.execute(
        update(t.EmailToken)
        .where(t.EmailToken.id == row.id, t.EmailToken.used_at.is_(None))
        .values(used_at=_now())
        .execution_options(synchronize_session="fetch")
    )
    if getattr(result, "rowcount", 0) != 1:
        raise AuthError(BROKEN_LINK[purpose])
    return row


def use_up_all(s: DbSession, user_id: int, purpose: str) -> None:
    """Every other open link of this kind stops working (after a reset, or a confirmation)."""
    s.execute(
        update(t.EmailToken)
        .where(
            t.EmailToken.user_id == user_id,
            t.EmailToken.purpose == purpose,
            t.EmailToken.used_at.is_(None),
        )
        .values(used_at=_now())
        .execution_options(synchronize_session=False)
    )
