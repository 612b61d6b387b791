"""Getting back in and staying in touch: password reset, email confirmation, notification settings.

Every email is an outbox row written in the same transaction as its cause, so a page never waits for
the mail server. Answers never say whether an address has an account.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession

from engine.accounts import Accounts, check_password_rules, normalize_email
from engine.config import Settings
from engine.errors import AuthError, Conflict, NotFound, ValidationError
from engine.guard import ContentGuard
from engine.mail import links
from engine.mail.limits import record_request
from engine.mail.outbox import Outbox, queue_mail
from engine.models import User
from engine.secrets import hash_password
from storage import tables as t
from storage.db import Database

log = logging.getLogger(__name__)
NO_MAIL = (
    "Email isn't set up on this Memory Maker, so we can't send you a link. Please ask the person who "
    "runs it: they can make you a one-time link to choose a new password."
)
NOT_CONFIRMED = (
    "Please confirm your email address first: open the link we emailed you (you can ask for a new "
    "one on your account page). Until then you can look at everything but not change it."
)
RESET_SENT = (
    "If an account uses {email}, we've emailed it a link to choose a new password. The link works once, "
    "for one hour. If nothing arrives in a few minutes, look in your spam folder."
)
RESET_DELAYED = (
    "If an account uses {email}, a link to choose a new password will be emailed to it. Our email "
    "service isn't answering right now, so it may take a while: your request is saved and goes out as "
    "soon as the service is back. You can also ask again later."
)


class Notifications(BaseModel):
    """The account page's email settings: ``studio.accounts.notifications(user).book_ready``."""

    model_config = ConfigDict(frozen=True)
    book_ready: bool
    email_confirmed: bool
    can_email: bool  # email is set up here and the account has an address


def require_writable(db: Database, settings: Settings, user: User) -> None:
    """``Conflict`` when REQUIRE_EMAIL_CONFIRMATION is on and this account is not confirmed yet.

    Guests have no address to confirm and are never held back.
    """
    if not settings.require_email_confirmation or user.is_guest:
        return
    with db.read() as s:
        confirmed = s.scalar(select(t.User.email_confirmed_at).where(t.User.id == user.id))
    if confirmed is None:
        raise Conflict(NOT_CONFIRMED)


class AccountsWithEmail(Accounts):
    """``studio.accounts``: everything ``Accounts`` does, plus what needs email.

    >>> studio.accounts.request_password_reset("ann@example.org")  # doctest: +SKIP
    """

    def __init__(
        self, db: Database, settings: Settings, outbox: Outbox, guard: ContentGuard | None = None
    ) -> None:
        super().__init__(db, settings, guard)
        self._outbox = outbox

    def register(self, email: str, password: str, display_name: str | None = None) -> User:
        """Sign up; a confirmation link is emailed after the account is saved (if email is set up)."""
        user = super().register(email, password, display_name)
        self._outbox.wake()
        return user

    def save_guest(self, user: User, email: str, password: str, display_name: str | None = None) -> User:
        saved = super().save_guest(user, email, password, display_name)
        self._outbox.wake()
        return saved

    def request_password_reset(self, email: str, client_address: str | None = None) -> str:
        """Email a reset link if the address has an account; the answer and its timing are the same
        either way. ``QuotaExceeded`` after five requests for one address (or 20 from one client) an hour.
        """
        if not self._settings.mail_configured:
            raise Conflict(NO_MAIL)
        address = normalize_email(email)
        with self._db.transaction() as s:
            self._count_request(s, "reset", address, client_address)
            user_id = s.scalar(select(t.User.id).where(t.User.email == address, t.User.is_guest.is_(False)))
            queue_mail(s, "reset", user_id)  # a dropped decoy when unknown: the same work, the same time
        self._outbox.wake()
        template = RESET_DELAYED if self._outbox.delayed() else RESET_SENT
        return template.format(email=address)

    def reset_password(self, token: str, new_password: str) -> User:
        """Set a new password from an emailed link, and sign out every device.

        ``AuthError`` if the link is unknown, used or expired; the family then signs in as usual.
        """
        check_password_rules(new_password)
        with self._db.read() as s:
            if not links.usable(links.find(s, token, "reset")):
                raise AuthError(links.BROKEN_LINK["reset"])
        new_hash = hash_password(new_password)  # slow on purpose, so outside the write transaction
        with self._db.transaction() as s:
            link = links.redeem(s, token, "reset")
            row = s.get(t.User, link.user_id)
            if row is None or row.email != link.email:
                raise AuthError(links.BROKEN_LINK["reset"])
            row.password_hash = new_hash
            self._revoke_all(s, row.id)
            links.use_up_all(s, row.id, "reset")
            s.execute(delete(t.LoginFailure).where(t.LoginFailure.email == row.email))
            if row.email_confirmed_at is None:
                row.email_confirmed_at = datetime.now(UTC)  # the link reached this inbox
            s.flush()
            log.info("password reset by email for account %s", row.id)
            return User.model_validate(row)

    def confirm_email(self, token: str) -> User:
        """Confirm the address a link was sent to; opening the same link again is harmless."""
        with self._db.transaction() as s:
            found = links.find(s, token, "confirm")
            if found is not None and found.used_at is not None:
                user = s.get(t.User, found.user_id)
                if user is not None and user.email == found.email and user.email_confirmed_at is not None:
                    return User.model_validate(user)  # opened twice, or a mail scanner opened it first
            link = links.redeem(s, token, "confirm")
            row = s.get(t.User, link.user_id)
            if row is None or row.email != link.email:
                raise AuthError(links.BROKEN_LINK["confirm"])
            row.email_confirmed_at = row.email_confirmed_at or datetime.now(UTC)
            links.use_up_all(s, row.id, "confirm")
            s.flush()
            return User.model_validate(row)

    def send_confirmation(self, user: User, client_address: str | None = None) -> str:
        """Email a new confirmation link (the account page's "send it again")."""
        if not self._settings.mail_configured:
            raise Conflict(NO_MAIL)
        with self._db.transaction() as s:
            row = self._user_row(s, user.id)
            if row.is_guest or not row.email:
                raise ValidationError("Save your account with an email address first.")
            if row.email_confirmed_at is not None:
                return "Your email address is already confirmed."
            self._count_request(s, "confirm", row.email, client_address)
            queue_mail(s, "confirm", row.id)
            address = row.email
        self._outbox.wake()
        return f"We've emailed a new confirmation link to {address}. It works for 48 hours."

    def notifications(self, user: User) -> Notifications:
        with self._db.read() as s:
            return self._notifications(self._user_row(s, user.id))

    def set_notifications(self, user: User, *, book_ready: bool) -> Notifications:
        """Switch "your book is ready" emails on or off: ``set_notifications(user, book_ready=True)``."""
        if not isinstance(book_ready, bool):
            raise ValidationError("Notifications: choose on or off.")
        with self._db.transaction() as s:
            row = self._user_row(s, user.id)
            if book_ready and (row.is_guest or not row.email):
                raise ValidationError("Save your account with an email address first.")
            row.notify_book_ready = book_ready
            s.flush()
            return self._notifications(row)

    def admin_reset_link(self, admin_user: User, email: str) -> str:
        """A one-time reset link (one hour) for the admin to pass on when email isn't set up."""
        address = normalize_email(email)
        with self._db.transaction() as s:
            admin = s.get(t.User, admin_user.id)
            if admin is None or not admin.is_admin:
                raise AuthError("Only an admin can make reset links.")
            row = s.scalar(select(t.User).where(t.User.email == address))
            if row is None:
                raise NotFound("No account has that email.")
            token = links.issue(s, row, "reset")
            log.info("admin %s made a one-time reset link for account %s", admin.id, row.id)
        return links.link(self._settings.public_url, "reset", token)

    def require_writable(self, user: User) -> None:
        """``Conflict`` if this account must confirm its email before changing anything."""
        require_writable(self._db, self._settings, user)

    # -- internals --------------------------------------------------------------------------------

    def _on_new_address(self, s: DbSession, row: t.User) -> None:
        if self._settings.mail_configured and row.email and row.email_confirmed_at is None:
            queue_mail(s, "confirm", row.id)

    def _count_request(self, s: DbSession, kind: str, address: str, client: str | None) -> None:
        record_request(
            s,
            kind,
            address,
            client,
            per_email=self._settings.reset_requests_per_email_per_hour,
            per_client=self._settings.reset_requests_per_client_per_hour,
        )

    def _notifications(self, row: t.User) -> Notifications:
        return Notifications(
            book_ready=row.notify_book_ready,
            email_confirmed=row.email_confirmed_at is not None,
            can_email=self._settings.mail_configured and bool(row.email) and not row.is_guest,
        )
