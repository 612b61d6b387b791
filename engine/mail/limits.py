"""How often an email may be asked for, per address and per client, counted in the database.

Counting rows (not memory) makes the limit hold across every process and restart. Both keys are hashed,
and the count does not depend on whether the address has an account, so it reveals nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session as DbSession

from engine.errors import QuotaExceeded
from engine.secrets import token_hash
from storage import tables as t

WINDOW = timedelta(hours=1)
TOO_MANY_FOR_EMAIL = (
    "You've asked for this email several times in the last hour. Please look for the newest one "
    "(and in your spam folder), or try again in {minutes} minutes."
)
TOO_MANY_FOR_CLIENT = "Too many email requests from this network. Please try again in {minutes} minutes."


def record_request(
    s: DbSession, kind: str, email: str, client: str | None, *, per_email: int, per_client: int
) -> None:
    """Count one request, or raise ``QuotaExceeded`` (and count nothing) when over a limit."""
    now = datetime.now(UTC)
    email_key = token_hash(email)
    client_key = token_hash(client.strip()[:100]) if client and client.strip() else None
    _check(s, t.MailRequest.email_key == email_key, kind, per_email, now, TOO_MANY_FOR_EMAIL)
    if client_key is not None:
        _check(s, t.MailRequest.client_key == client_key, kind, per_client, now, TOO_MANY_FOR_CLIENT)
    s.add(t.MailRequest(kind=kind, email_key=email_key, client_key=client_key, at=now))


def _check(
    s: DbSession, match: ColumnElement[bool], kind: str, limit: int, now: datetime, message: str
) -> None:
    recent = s.scalars(
        select(t.MailRequest.at)
        .where(t.MailRequest.kind == kind, match, t.MailRequest.at > now - WINDOW)
        .order_by(t.MailRequest.at.desc())
        .limit(limit)
    ).all()
    if len(recent) >= limit:
        minutes = max(1, int((recent[-1] + WINDOW - now).total_seconds() // 60) + 1)
        raise QuotaExceeded(message.format(minutes=minutes))


def forget_old_requests(s: DbSession) -> None:
    """Drop requests older than a day (the limits only look back one hour)."""
    s.execute(delete(t.MailRequest).where(t.MailRequest.at < datetime.now(UTC) - timedelta(days=1)))
