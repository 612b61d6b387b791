"""Forgot password: the reset email arrives through a real SMTP server, and its link works once."""

from __future__ import annotations

import logging
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from engine import AuthError, Conflict, NotFound, QuotaExceeded, Studio, User
from storage import tables as t
from tests.conftest import make_settings
from tests.fakes.smtp_server import LocalSmtpServer, Received

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new password"


@pytest.fixture
def ann(mail_studio: Studio) -> User:
    return mail_studio.accounts.register("ann@example.org", PASSWORD, display_name="Ann")


def reset_emails(smtp: LocalSmtpServer) -> list[Received]:
    with smtp.lock:
        return [m for m in smtp.received if "/reset?token=" in m.text()]


def send_and_receive_reset(studio: Studio, smtp: LocalSmtpServer, email: str = "ann@example.org") -> Received:
    before = len(reset_emails(smtp))
    studio.accounts.request_password_reset(email)
    studio.outbox.deliver_pending()
    deadline = time.monotonic() + 5
    while len(reset_emails(smtp)) <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    return reset_emails(smtp)[-1]


def test_reset_email_arrives_with_a_link_that_sets_a_new_password(
    mail_studio: Studio, smtp: LocalSmtpServer, ann: User
) -> None:
    email = send_and_receive_reset(mail_studio, smtp)
    assert email.rcpt_tos == ["ann@example.org"]
    assert email.link().startswith("http://books.memory-maker.test/reset?token=")
    assert "one hour" in email.text()
    user = mail_studio.accounts.reset_password(email.token(), NEW_PASSWORD)
    assert user.id == ann.id
    assert mail_studio.accounts.login("ann@example.org", NEW_PASSWORD).user.id == ann.id
    with pytest.raises(AuthError):
        mail_studio.accounts.login("ann@example.org", PASSWORD)


def test_reset_link_works_only_once(mail_studio: Studio, smtp: LocalSmtpServer, ann: User) -> None:
    token = send_and_receive_reset(mail_studio, smtp).token()
    mail_studio.accounts.reset_password(token, NEW_PASSWORD)
    with pytest.raises(AuthError, match="used already or is more than an hour old"):
        mail_studio.accounts.reset_password(token, "yet another password")
    assert mail_studio.accounts.login("ann@example.org", NEW_PASSWORD).user.id == ann.id


def test_reset_link_older_than_an_hour_is_refused(
    mail_studio: Studio, smtp: LocalSmtpServer, ann: User
) -> None:
    token = send_and_receive_reset(mail_studio, smtp).token()
    with mail_studio.db.transaction() as s:
        s.execute(update(t.EmailToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    with pytest.raises(AuthError):
        mail_studio.accounts.reset_password(token, NEW_PASSWORD)
    assert mail_studio.accounts.login("ann@example.org", PASSWORD).user.id == ann.id


def test_reset_link_expires_one_hour_after_it_is_sent(
    mail_studio: Studio, smtp: LocalSmtpServer, ann: User
) -> None:
    send_and_receive_reset(mail_studio, smtp)
    with mail_studio.db.read() as s:
        link = s.scalars(select(t.EmailToken).where(t.EmailToken.purpose == "reset")).one()
        lifetime = link.expires_at - link.created_at
    assert lifetime == timedelta(hours=1)


@pytest.mark.parametrize("token", ["", "x" * 43, "not a token at all", "a" * 5000])
def test_unknown_reset_tokens_are_refused(mail_studio: Studio, ann: User, token: str) -> None:
    with pytest.raises(AuthError):
        mail_studio.accounts.reset_password(token, NEW_PASSWORD)


def test_reset_signs_out_every_old_session(mail_studio: Studio, smtp: LocalSmtpServer, ann: User) -> None:
    phone = mail_studio.accounts.login("ann@example.org", PASSWORD)
    laptop = mail_studio.accounts.login("ann@example.org", PASSWORD)
    mail_studio.accounts.reset_password(send_and_receive_reset(mail_studio, smtp).token(), NEW_PASSWORD)
    for old in (phone, laptop):
        with pytest.raises(AuthError):
            mail_studio.accounts.authenticate(old.token)
    fresh = mail_studio.accounts.login("ann@example.org", NEW_PASSWORD)
    assert mail_studio.accounts.authenticate(fresh.token).id == ann.id


def test_a_reset_makes_the_older_reset_emails_useless(
    mail_studio: Studio, smtp: LocalSmtpServer, ann: User
) -> None:
    first = send_and_receive_reset(mail_studio, smtp).token()
    second = send_and_receive_reset(mail_studio, smtp).token()
    mail_studio.accounts.reset_password(second, NEW_PASSWORD)
    with pytest.raises(AuthError):
        mail_studio.accounts.reset_password(first, "yet another password")


def test_unknown_email_gets_the_same_answer_and_no_email(
    mail_studio: Studio, smtp: LocalSmtpServer, ann: User
) -> None:
    known = mail_studio.accounts.request_password_reset("ann@example.org")
    unknown = mail_studio.accounts.request_password_reset("nobody@example.org")
    assert unknown == known.replace("ann@example.org", "nobody@example.org")
    mail_studio.outbox.deliver_pending()
    time.sleep(0.2)
    assert [m.rcpt_tos for m in reset_emails(smtp)] == [["ann@example.org"]]


def test_known_and_unknown_emails_take_the_same_time(tmp_path: Path, smtp: LocalSmtpServer) -> None:
    settings = make_settings(tmp_path, **smtp.settings(), reset_requests_per_email_per_hour=1000)
    with Studio(settings, workers=False) as studio:
        studio.accounts.register("ann@example.org", PASSWORD)
        known: list[float] = []
        unknown: list[float] = []
        for i in range(30):
            for email, times in (("ann@example.org", known), (f"nobody{i}@example.org", unknown)):
                start = time.perf_counter()
                studio.accounts.request_password_reset(email)
                times.append(time.perf_counter() - start)
    slow, fast = sorted([statistics.median(known), statistics.median(unknown)], reverse=True)
    assert slow - fast < max(0.003, 0.5 * fast), (known, unknown)


def test_sixth_request_in_an_hour_is_refused_whether_or_not_the_account_exists(
    mail_studio: Studio, smtp: LocalSmtpServer, ann: User
) -> None:
    for email in ("ann@example.org", "nobody@example.org"):
        for _ in range(5):
            mail_studio.accounts.request_password_reset(email)
        with pytest.raises(QuotaExceeded, match="several times in the last hour"):
            mail_studio.accounts.request_password_reset(email.upper())
    mail_studio.outbox.deliver_pending()
    assert len(smtp.wait_for(6)) == 6  # the confirmation and five reset emails, no more
    time.sleep(0.2)
    assert len(reset_emails(smtp)) == 5


def test_requests_from_one_client_are_limited_across_processes(
    tmp_path: Path, smtp: LocalSmtpServer, database_url: str
) -> None:
    overrides = {**smtp.settings(), "database_url": database_url, "reset_requests_per_client_per_hour": 3}
    settings = make_settings(tmp_path, **overrides)
    with Studio(settings, workers=False) as web1, Studio(settings, workers=False) as web2:
        web1.accounts.request_password_reset("a@example.org", client_address="203.0.113.7")
        web2.accounts.request_password_reset("b@example.org", client_address="203.0.113.7")
        web1.accounts.request_password_reset("c@example.org", client_address="203.0.113.7")
        with pytest.raises(QuotaExceeded, match="from this network"):
            web2.accounts.request_password_reset("d@example.org", client_address="203.0.113.7")
        web2.accounts.request_password_reset("d@example.org", client_address="198.51.100.2")


def test_smtp_server_down_gives_a_clear_message_and_loses_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    smtp = LocalSmtpServer()  # not started: connections are refused
    with Studio(make_settings(tmp_path, **smtp.settings()), workers=False) as studio:
        studio.accounts.register("ann@example.org", PASSWORD)
        with caplog.at_level(logging.WARNING):
            studio.accounts.request_password_reset("ann@example.org")
            report = studio.outbox.deliver_pending()
            assert report.sent == 0 and report.retrying == 1
            again = studio.accounts.request_password_reset("ann@example.org")
        assert "isn't answering right now" in again and "your request is saved" in again
        assert "Traceback" not in again and "Error" not in again
        assert not [r for r in caplog.records if r.exc_info], "no stack trace for an expected outage"
        assert studio.outbox.counts()["pending"] == 3  # confirmation + two resets, all kept
        with smtp:
            for _ in range(50):
                if studio.outbox.counts()["pending"] == 0:
                    break
                studio.outbox.deliver_pending()
                time.sleep(0.05)
            assert len(smtp.wait_for(3)) == 3
            token = reset_emails(smtp)[-1].token()
            studio.accounts.reset_password(token, NEW_PASSWORD)
            assert studio.accounts.login("ann@example.org", NEW_PASSWORD).user.email == "ann@example.org"
            assert "isn't answering" not in studio.accounts.request_password_reset("ann@example.org")


def test_only_hashes_of_reset_tokens_are_stored(
    mail_studio: Studio, smtp: LocalSmtpServer, ann: User
) -> None:
    token = send_and_receive_reset(mail_studio, smtp).token()
    with mail_studio.db.read() as s:
        stored = s.scalars(select(t.EmailToken.token_hash)).all()
        outbox = s.scalars(select(t.OutboxMessage.params)).all()
    assert token not in stored and all(len(h) == 64 for h in stored)
    assert token not in repr(outbox)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64


def test_without_smtp_the_reset_request_says_how_to_get_help(studio: Studio, family: User) -> None:
    assert studio.mail_configured is False
    with pytest.raises(Conflict, match="ask the person who runs it"):
        studio.accounts.request_password_reset("ann@example.org")


def test_admin_can_make_a_one_time_reset_link_without_smtp(studio: Studio, family: User) -> None:
    studio.accounts.register("admin@example.org", "the admin's password")
    admin = studio.accounts.make_admin("admin@example.org")
    link = studio.accounts.admin_reset_link(admin, "ANN@example.org")
    assert link.startswith("http://localhost:7860/reset?token=")
    old = studio.accounts.login("ann@example.org", "correct horse battery")
    studio.accounts.reset_password(link.split("token=", 1)[1], NEW_PASSWORD)
    with pytest.raises(AuthError):
        studio.accounts.authenticate(old.token)
    with pytest.raises(AuthError):
        studio.accounts.reset_password(link.split("token=", 1)[1], "yet another password")


def test_only_an_admin_can_make_reset_links(studio: Studio, family: User, other_family: User) -> None:
    with pytest.raises(AuthError, match="Only an admin"):
        studio.accounts.admin_reset_link(other_family, "ann@example.org")
    admin = studio.accounts.make_admin("bob@example.org")
    with pytest.raises(NotFound):
        studio.accounts.admin_reset_link(admin, "nobody@example.org")
