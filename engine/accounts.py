"""Accounts: sign-up, sign-in with throttling, sessions, guests, password changes, account deletion."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session as DbSession

from engine.config import Settings
from engine.data_export import DataExport
from engine.errors import AuthError, ContentRejected, NotFound, ValidationError
from engine.guard import ContentGuard
from engine.models import LoginSession, User
from engine.secrets import dummy_verify, hash_password, new_token, token_hash, verify_password
from engine.validation import checked_text
from storage import tables as t
from storage.db import Database

log = logging.getLogger(__name__)
MIN_PASSWORD, MAX_PASSWORD = 8, 256
COMMAND_LINE_NAME = "Command line"
WRONG_LOGIN = "That email and password don't match. Please try again."


def normalize_email(email: str) -> str:
    """Validate an email address and return it lower-cased: ``normalize_email(" Ann@X.org ")``."""
    if not isinstance(email, str) or len(email) > 254:
        raise ValidationError("Please enter a valid email address.")
    try:
        info = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as err:
        raise ValidationError("Please enter a valid email address.") from err
    return info.normalized.lower()


def check_password_rules(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ValidationError(f"Please choose a password of at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise ValidationError(f"Please choose a password of at most {MAX_PASSWORD} characters.")
    if any(ord(c) < 32 for c in password):
        raise ValidationError("Passwords can't contain hidden control characters.")


def _looks_like_email(key: str) -> bool:
    return 3 <= len(key) <= 254 and "@" in key and key.isprintable() and " " not in key


def _now() -> datetime:
    return datetime.now(UTC)


class Accounts:
    """Who the families are: ``studio.accounts.register("ann@example.org", "long password")``."""

    def __init__(self, db: Database, settings: Settings, guard: ContentGuard | None = None) -> None:
        self._db = db
        self._settings = settings
        self._guard = guard

    def register(self, email: str, password: str, display_name: str | None = None) -> User:
        address = normalize_email(email)
        check_password_rules(password)
        name = self._display_name(display_name, address)
        with self._db.transaction() as s:
            if s.scalar(select(t.User.id).where(t.User.email == address)) is not None:
                raise ValidationError("That email is already registered. Try signing in instead.")
            row = t.User(email=address, password_hash=hash_password(password), display_name=name)
            s.add(row)
            s.flush()
            self._on_new_address(s, row)
            return User.model_validate(row)

    def start_guest(self) -> LoginSession:
        """A guest account with its own data, signed in at once (for the demo Space)."""
        with self._db.transaction() as s:
            row = t.User(email=None, password_hash=None, display_name="Guest", is_guest=True)
            s.add(row)
            s.flush()
            return self._open_session(s, row)

    def command_line_user(self) -> User:
        """The one local family the command line works as (made on first use, no password)."""
        with self._db.transaction() as s:
            row = s.scalar(
                select(t.User)
                .where(t.User.is_guest.is_(True), t.User.display_name == COMMAND_LINE_NAME)
                .order_by(t.User.id)
                .limit(1)
            )
            if row is None:
                row = t.User(email=None, password_hash=None, display_name=COMMAND_LINE_NAME, is_guest=True)
                s.add(row)
                s.flush()
            return User.model_validate(row)

    def save_guest(self, user: User, email: str, password: str, display_name: str | None = None) -> User:
        """Turn a guest into a full account, keeping everything they made."""
        address = normalize_email(email)
        check_password_rules(password)
        name = self._display_name(display_name, address)
        with self._db.transaction() as s:
            row = self._user_row(s, user.id)
            if not row.is_guest:
                raise ValidationError("This account already has an email and password.")
            if s.scalar(select(t.User.id).where(t.User.email == address)) is not None:
                raise ValidationError("That email is already registered. Try signing in instead.")
            row.email, row.password_hash, row.display_name = address, hash_password(password), name
            row.is_guest = False
            s.flush()
            self._on_new_address(s, row)
            return User.model_validate(row)

    def login(self, email: str, password: str) -> LoginSession:
        key = email.strip().lower() if isinstance(email, str) else ""
        if not _looks_like_email(key) or not isinstance(password, str) or len(password) > MAX_PASSWORD:
            dummy_verify()  # answer as slowly as a real check; nothing worth counting was tried
            raise AuthError(WRONG_LOGIN)
        with self._db.transaction() as s:
            self._check_not_locked(s, key)
            row = s.scalar(select(t.User).where(t.User.email == key))
            if row is None or row.password_hash is None:
                dummy_verify()
                ok, new_hash = False, None
            else:
                ok, new_hash = verify_password(password, row.password_hash)
            if not ok or row is None:
                s.add(t.LoginFailure(email=key))
                failed = True
            else:
                failed = False
                if new_hash:
                    row.password_hash = new_hash
                s.execute(delete(t.LoginFailure).where(t.LoginFailure.email == key))
                return self._open_session(s, row)
        if failed:
            log.info("failed sign-in")
        raise AuthError(WRONG_LOGIN)

    def authenticate(self, token: str) -> User:
        """The signed-in family for a session token; ``AuthError`` if unknown, expired or signed out."""
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            raise AuthError()
        with self._db.read() as s:
            row = s.scalar(select(t.Session).where(t.Session.token_hash == token_hash(token)))
            if row is None or row.revoked_at is not None or row.expires_at <= _now():
                raise AuthError()
            user = s.get(t.User, row.user_id)
            if user is None:
                raise AuthError()
            return User.model_validate(user)

    def logout(self, token: str) -> None:
        if not isinstance(token, str):
            return
        with self._db.transaction() as s:
            s.execute(
                update(t.Session)
                .where(t.Session.token_hash == token_hash(token), t.Session.revoked_at.is_(None))
                .values(revoked_at=_now())
            )

    def change_password(self, user: User, old_password: str, new_password: str) -> LoginSession:
        """Change the password, sign out every device, and return a fresh session for this one."""
        check_password_rules(new_password)
        with self._db.transaction() as s:
            row = self._user_row(s, user.id)
            ok = isinstance(old_password, str) and verify_password(old_password, row.password_hash or "")[0]
            if not ok:
                raise AuthError("Your current password isn't right.")
            row.password_hash = hash_password(new_password)
            self._revoke_all(s, row.id)
            return self._open_session(s, row)

    def get(self, user_id: int) -> User:
        with self._db.read() as s:
            row = s.get(t.User, user_id)
            if row is None:
                raise NotFound("We couldn't find that account.")
            return User.model_validate(row)

    def rename(self, user: User, display_name: str) -> User:
        name = checked_text(display_name, field="Name", max_len=80)
        self._require_safe_name(name)
        with self._db.transaction() as s:
            row = self._user_row(s, user.id)
            row.display_name = name
            s.flush()
            return User.model_validate(row)

    def set_plan(self, user: User, plan: str) -> User:
        if plan not in ("free", "family"):
            raise ValidationError("Plan: choose free or family.")
        with self._db.transaction() as s:
            row = self._user_row(s, user.id)
            row.plan = plan
            s.flush()
            return User.model_validate(row)

    def make_admin(self, email: str) -> User:
        address = normalize_email(email)
        with self._db.transaction() as s:
            row = s.scalar(select(t.User).where(t.User.email == address))
            if row is None:
                raise NotFound("No account has that email.")
            row.is_admin = True
            s.flush()
            return User.model_validate(row)

    def delete_account(self, user: User) -> None:
        """Delete the family's account and everything in it (characters, books, pictures)."""
        with self._db.transaction() as s:
            row = self._user_row(s, user.id)
            s.delete(row)

    def export_data(self, user: User) -> bytes:
        """'Download all my data': a zip of the account, characters and books (see ``engine.data_export``)."""
        return DataExport(self._db).archive(user)

    # -- internals --------------------------------------------------------------------------------

    def _on_new_address(self, s: DbSession, row: t.User) -> None:
        """Hook, inside the sign-up transaction: ``AccountsWithEmail`` queues the confirmation email."""

    def _display_name(self, display_name: str | None, address: str) -> str:
        if display_name is None or (isinstance(display_name, str) and not display_name.strip()):
            name = address.split("@", 1)[0][:80]
            try:
                self._require_safe_name(name)
            except ContentRejected:
                name = "Memory Maker family"  # a name taken from the email must not block signing up
        elif not isinstance(display_name, str):
            raise ValidationError("Name: please enter text.")
        else:
            name = checked_text(display_name, field="Name", max_len=80)
        self._require_safe_name(name)
        return name

    def _require_safe_name(self, name: str) -> None:
        """A family's name shows on book covers and emails: it passes the same content check as stories."""
        if self._guard is not None:
            self._guard.require_safe([name], what="name")

    def _user_row(self, s: DbSession, user_id: int) -> t.User:
        row = s.get(t.User, user_id)
        if row is None:
            raise AuthError()
        return row

    def _check_not_locked(self, s: DbSession, key: str) -> None:
        window = timedelta(minutes=self._settings.login_lock_minutes)
        since = _now() - window
        recent = s.scalars(
            select(t.LoginFailure.at)
            .where(t.LoginFailure.email == key, t.LoginFailure.at > since)
            .order_by(t.LoginFailure.at.desc())
            .limit(self._settings.login_max_failures)
        ).all()
        if len(recent) >= self._settings.login_max_failures:
            minutes = max(1, int((recent[0] + window - _now()).total_seconds() // 60) + 1)
            raise AuthError(
                f"Too many tries. For your safety, signing in with this email is paused for {minutes} "
                "minutes."
            )
        count = s.scalar(select(func.count()).select_from(t.LoginFailure).where(t.LoginFailure.at < since))
        if count:
            s.execute(delete(t.LoginFailure).where(t.LoginFailure.at < since))

    def _open_session(self, s: DbSession, row: t.User) -> LoginSession:
        token = new_token()
        expires = _now() + timedelta(days=self._settings.session_days)
        s.add(t.Session(user_id=row.id, token_hash=token_hash(token), expires_at=expires))
        s.flush()
        return LoginSession(token=token, user=User.model_validate(row), expires_at=expires)

    def _revoke_all(self, s: DbSession, user_id: int) -> None:
        s.execute(
            update(t.Session)
            .where(t.Session.user_id == user_id, t.Session.revoked_at.is_(None))
            .values(revoked_at=_now())
        )
