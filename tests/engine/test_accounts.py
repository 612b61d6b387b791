"""Sign-up, sign-in, throttling, sessions and passwords, through the public API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import bcrypt
import pytest
from sqlalchemy import select, update

from engine import AuthError, Studio, ValidationError
from storage import tables as t


def test_register_then_login_returns_a_working_token(studio: Studio) -> None:
    user = studio.accounts.register("Ann@Example.org", "correct horse battery", display_name="Ann")
    session = studio.accounts.login("ann@example.org", "correct horse battery")
    assert session.user.id == user.id
    assert studio.accounts.authenticate(session.token).email == "ann@example.org"
    assert session.expires_at > datetime.now(UTC) + timedelta(days=29)


def test_emails_are_case_insensitive_and_unique(studio: Studio) -> None:
    studio.accounts.register("ann@example.org", "correct horse battery")
    with pytest.raises(ValidationError, match="already registered"):
        studio.accounts.register("ANN@example.org", "some other password")


@pytest.mark.parametrize("email", ["", "not-an-email", "a@", "x" * 300 + "@example.org", "ann@exa mple.org"])
def test_invalid_emails_are_refused(studio: Studio, email: str) -> None:
    with pytest.raises(ValidationError):
        studio.accounts.register(email, "correct horse battery")


def test_short_passwords_are_refused(studio: Studio) -> None:
    with pytest.raises(ValidationError, match="at least 8"):
        studio.accounts.register("ann@example.org", "short")


def test_only_a_hash_of_the_password_and_token_is_stored(studio: Studio) -> None:
    studio.accounts.register("ann@example.org", "correct horse battery")
    session = studio.accounts.login("ann@example.org", "correct horse battery")
    with studio.db.read() as s:
        user = s.scalar(select(t.User))
        stored = s.scalar(select(t.Session))
    assert user is not None and stored is not None
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    assert stored.token_hash != session.token and len(stored.token_hash) == 64


def test_wrong_password_and_unknown_email_give_the_same_answer(studio: Studio) -> None:
    studio.accounts.register("ann@example.org", "correct horse battery")
    with pytest.raises(AuthError) as wrong:
        studio.accounts.login("ann@example.org", "wrong password!")
    with pytest.raises(AuthError) as unknown:
        studio.accounts.login("nobody@example.org", "wrong password!")
    assert str(wrong.value) == str(unknown.value)


def test_sixth_attempt_is_refused_even_with_the_right_password(studio: Studio) -> None:
    studio.accounts.register("ann@example.org", "correct horse battery")
    for _ in range(5):
        with pytest.raises(AuthError):
            studio.accounts.login("ann@example.org", "wrong password!")
    with pytest.raises(AuthError, match="paused for 15 minutes"):
        studio.accounts.login("ann@example.org", "correct horse battery")


def test_lock_lifts_after_fifteen_minutes(studio: Studio) -> None:
    studio.accounts.register("ann@example.org", "correct horse battery")
    for _ in range(5):
        with pytest.raises(AuthError):
            studio.accounts.login("ann@example.org", "wrong password!")
    with studio.db.transaction() as s:
        s.execute(update(t.LoginFailure).values(at=datetime.now(UTC) - timedelta(minutes=16)))
    assert studio.accounts.login("ann@example.org", "correct horse battery").user.email == "ann@example.org"


def test_logged_out_token_is_refused(studio: Studio) -> None:
    studio.accounts.register("ann@example.org", "correct horse battery")
    session = studio.accounts.login("ann@example.org", "correct horse battery")
    studio.accounts.logout(session.token)
    with pytest.raises(AuthError):
        studio.accounts.authenticate(session.token)


def test_expired_token_is_refused(studio: Studio) -> None:
    studio.accounts.register("ann@example.org", "correct horse battery")
    session = studio.accounts.login("ann@example.org", "correct horse battery")
    with studio.db.transaction() as s:
        s.execute(update(t.Session).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    with pytest.raises(AuthError):
        studio.accounts.authenticate(session.token)


@pytest.mark.parametrize("token", ["", "x", "A" * 43, "💥" * 30, "A" * 10_000])
def test_forged_tokens_are_refused(studio: Studio, token: str) -> None:
    with pytest.raises(AuthError):
        studio.accounts.authenticate(token)


def test_changing_the_password_signs_out_every_device(studio: Studio) -> None:
    user = studio.accounts.register("ann@example.org", "correct horse battery")
    phone = studio.accounts.login("ann@example.org", "correct horse battery")
    fresh = studio.accounts.change_password(user, "correct horse battery", "a brand new password")
    with pytest.raises(AuthError):
        studio.accounts.authenticate(phone.token)
    assert studio.accounts.authenticate(fresh.token).id == user.id
    assert studio.accounts.login("ann@example.org", "a brand new password").user.id == user.id


def test_old_bcrypt_hashes_still_verify_and_are_upgraded(studio: Studio) -> None:
    studio.accounts.register("ann@example.org", "placeholder password")
    long_password = "é" * 50  # 100 bytes: beyond bcrypt's 72-byte limit
    legacy = bcrypt.hashpw(long_password.encode()[:72], bcrypt.gensalt()).decode()
    with studio.db.transaction() as s:
        s.execute(update(t.User).values(password_hash=legacy))
    studio.accounts.login("ann@example.org", long_password)
    with studio.db.read() as s:
        upgraded = s.scalar(select(t.User.password_hash))
    assert upgraded is not None and upgraded.startswith("$argon2id$")
    studio.accounts.login("ann@example.org", long_password)


def test_a_guest_can_save_their_account_and_keep_their_characters(studio: Studio) -> None:
    from tests.conftest import SAL

    guest = studio.accounts.start_guest()
    studio.characters.create(guest.user, SAL)
    saved = studio.accounts.save_guest(guest.user, "guest@example.org", "a long password")
    assert not saved.is_guest
    session = studio.accounts.login("guest@example.org", "a long password")
    assert [c.name for c in studio.characters.list(session.user)] == ["Sal"]


def test_unsafe_display_names_are_refused_and_change_nothing(studio: Studio) -> None:
    from engine import ContentRejected
    from tests.db_snapshot import snapshot

    before = snapshot(studio.db)
    with pytest.raises(ContentRejected):
        studio.accounts.register("ann@example.org", "correct horse battery", display_name="f.u.c.k")
    assert snapshot(studio.db) == before
    user = studio.accounts.register("ann@example.org", "correct horse battery", display_name="Ann")
    with pytest.raises(ContentRejected):
        studio.accounts.rename(user, "sh*t happens")
    assert studio.accounts.get(user.id).display_name == "Ann"
