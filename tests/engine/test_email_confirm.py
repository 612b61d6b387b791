"""Confirming the address after sign-up, read-only until confirmed, and "your book is ready"."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError as SettingsError
from sqlalchemy import select, update

from engine import AuthError, Conflict, Settings, StorySettings, Studio, User, ValidationError
from storage import tables as t
from tests.conftest import REX, SAL, make_settings
from tests.fakes.smtp_server import LocalSmtpServer, Received

PASSWORD = "correct horse battery"


def deliver(studio: Studio, smtp: LocalSmtpServer, count: int) -> list[Received]:
    studio.outbox.deliver_pending()
    return smtp.wait_for(count)


def test_sign_up_sends_a_confirmation_link_that_confirms_the_address(
    mail_studio: Studio, smtp: LocalSmtpServer
) -> None:
    ann = mail_studio.accounts.register("ann@example.org", PASSWORD, display_name="Ann")
    assert mail_studio.accounts.notifications(ann).email_confirmed is False
    email = deliver(mail_studio, smtp, 1)[0]
    assert email.message["Subject"] == "Please confirm your email for Memory Maker"
    assert email.link().startswith("http://books.memory-maker.test/confirm?token=")
    assert mail_studio.accounts.confirm_email(email.token()).id == ann.id
    assert mail_studio.accounts.notifications(ann).email_confirmed is True
    assert mail_studio.accounts.confirm_email(email.token()).id == ann.id  # opening it twice is fine


def test_confirmation_link_expires_after_48_hours(mail_studio: Studio, smtp: LocalSmtpServer) -> None:
    mail_studio.accounts.register("ann@example.org", PASSWORD)
    token = deliver(mail_studio, smtp, 1)[0].token()
    with mail_studio.db.transaction() as s:
        link = s.scalars(select(t.EmailToken)).one()
        assert link.expires_at - link.created_at == timedelta(hours=48)
        s.execute(update(t.EmailToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    with pytest.raises(AuthError, match="more than two days old"):
        mail_studio.accounts.confirm_email(token)


def test_unknown_confirmation_links_are_refused(mail_studio: Studio) -> None:
    with pytest.raises(AuthError):
        mail_studio.accounts.confirm_email("Zgowf8vgmcb5RH3VOH5rpXOo1sxP3WE-bCZmWkd_yr0")


def test_a_new_confirmation_link_can_be_asked_for(mail_studio: Studio, smtp: LocalSmtpServer) -> None:
    ann = mail_studio.accounts.register("ann@example.org", PASSWORD)
    answer = mail_studio.accounts.send_confirmation(ann)
    assert "ann@example.org" in answer
    _first, second = deliver(mail_studio, smtp, 2)
    mail_studio.accounts.confirm_email(second.token())
    assert "already confirmed" in mail_studio.accounts.send_confirmation(ann)


def test_unconfirmed_accounts_are_read_only_when_confirmation_is_required(
    tmp_path: Path, smtp: LocalSmtpServer
) -> None:
    settings = make_settings(tmp_path, **smtp.settings(), require_email_confirmation=True)
    with Studio(settings, workers=False) as studio:
        ann = studio.accounts.register("ann@example.org", PASSWORD)
        with pytest.raises(Conflict, match="confirm your email address first"):
            studio.characters.create(ann, SAL)
        assert studio.characters.list(ann) == []  # looking is still fine
        studio.accounts.confirm_email(deliver(studio, smtp, 1)[0].token())
        assert studio.characters.create(ann, SAL).name == "Sal"


def test_switching_confirmation_on_holds_back_existing_unconfirmed_families(
    tmp_path: Path, smtp: LocalSmtpServer
) -> None:
    with Studio(make_settings(tmp_path), workers=False) as before:
        ann = before.accounts.register("ann@example.org", PASSWORD)
        sal = before.characters.create(ann, SAL)
    settings = make_settings(tmp_path, **smtp.settings(), require_email_confirmation=True)
    with Studio(settings, workers=False) as studio:
        with pytest.raises(Conflict):
            studio.books.start(ann, StorySettings(character_ids=[sal.id], pages=4))
        for change in (
            lambda: studio.characters.update(ann, sal.id, REX),
            lambda: studio.characters.delete(ann, sal.id),
        ):
            with pytest.raises(Conflict):
                change()
        studio.accounts.send_confirmation(ann)
        studio.accounts.confirm_email(deliver(studio, smtp, 1)[0].token())
        assert studio.books.start(ann, StorySettings(character_ids=[sal.id], pages=4)).status == "queued"


def test_guests_are_never_held_back(tmp_path: Path, smtp: LocalSmtpServer) -> None:
    settings = make_settings(tmp_path, **smtp.settings(), require_email_confirmation=True)
    with Studio(settings, workers=False) as studio:
        guest = studio.accounts.start_guest().user
        assert studio.characters.create(guest, SAL).name == "Sal"


def test_confirmation_cannot_be_required_without_email(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="REQUIRE_EMAIL_CONFIRMATION needs SMTP_HOST"):
        make_settings(tmp_path, require_email_confirmation=True)
    with pytest.raises(SettingsError, match="MAIL_FROM"):
        Settings(_env_file=None, smtp_host="127.0.0.1")


def test_book_ready_email_when_the_family_asked_for_it(mail_studio: Studio, smtp: LocalSmtpServer) -> None:
    ann = mail_studio.accounts.register("ann@example.org", PASSWORD, display_name="Zoë 🦊")
    assert mail_studio.accounts.set_notifications(ann, book_ready=True).book_ready is True
    sal = mail_studio.characters.create(ann, SAL)
    book = mail_studio.books.generate(ann, StorySettings(character_ids=[sal.id], pages=4, seed=3))
    title = "Sal’s 🌙 trip — ñandú 中文"
    mail_studio.books.rename(ann, book.id, title)
    ready = [m for m in deliver(mail_studio, smtp, 2) if "ready" in m.message["Subject"]]
    assert [m.message["Subject"] for m in ready] == [f"Your book “{title}” is ready"]
    assert f"“{title}”" in ready[0].text()
    assert f"http://books.memory-maker.test/?book={book.id}" in ready[0].text()


def test_no_book_ready_email_when_switched_off(mail_studio: Studio, smtp: LocalSmtpServer) -> None:
    ann = mail_studio.accounts.register("ann@example.org", PASSWORD)
    assert mail_studio.accounts.notifications(ann).book_ready is False
    sal = mail_studio.characters.create(ann, SAL)
    mail_studio.books.generate(ann, StorySettings(character_ids=[sal.id], pages=4, seed=3))
    deliver(mail_studio, smtp, 1)
    time.sleep(0.2)
    assert [m.message["Subject"] for m in smtp.received] == ["Please confirm your email for Memory Maker"]


def test_guests_cannot_ask_for_emails(mail_studio: Studio) -> None:
    guest = mail_studio.accounts.start_guest().user
    with pytest.raises(ValidationError, match="email address first"):
        mail_studio.accounts.set_notifications(guest, book_ready=True)
    assert mail_studio.accounts.notifications(guest).can_email is False


def test_without_smtp_the_account_page_hides_email_settings(studio: Studio, family: User) -> None:
    assert studio.accounts.notifications(family).can_email is False
    with pytest.raises(Conflict):
        studio.accounts.send_confirmation(family)
