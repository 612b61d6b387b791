"""Sending through a real SMTP server: encodings, TLS, sign-in, retries, the background sender."""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest

from engine import Studio
from engine.mail import Letter, Outbox, SmtpMailer, compose
from tests.conftest import make_settings
from tests.fakes.smtp_server import LocalSmtpServer

PASSWORD = "correct horse battery"
SITE = "http://books.memory-maker.test"


@pytest.mark.parametrize("name", ["Zoë Núñez", "小明 中文", "Mia 🦊✨", "Ölçer & <Søn>", "Ana “Bee”, Jr."])
def test_any_display_name_survives_encoding(mail_studio: Studio, smtp: LocalSmtpServer, name: str) -> None:
    mail_studio.accounts.register("ann@example.org", PASSWORD, display_name=name)
    mail_studio.outbox.deliver_pending()
    email = smtp.wait_for(1)[0]
    head = email.raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # headers travel as RFC 2047 words, readable by any server
    assert email.message["To"].addresses[0].display_name == name
    assert f"Hello {name}," in email.text()
    assert "<Søn>" not in email.html() or name != "Ölçer & <Søn>"
    assert f"Hello {name}," in email.html().replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def test_emails_are_plain_text_and_html_without_tracking(mail_studio: Studio, smtp: LocalSmtpServer) -> None:
    mail_studio.accounts.register("ann@example.org", PASSWORD, display_name="Ann")
    mail_studio.accounts.request_password_reset("ann@example.org")
    mail_studio.outbox.deliver_pending()
    for email in smtp.wait_for(2):
        assert email.message.get_content_type() == "multipart/alternative"
        kinds = [part.get_content_type() for part in email.message.iter_parts()]
        assert kinds == ["text/plain", "text/html"]
        html = email.html()
        assert "<img" not in html.lower() and "utm_" not in html and "utm_" not in email.text()
        hrefs = [chunk.split('"', 1)[0] for chunk in html.split('href="')[1:]]
        assert hrefs and all(h.startswith(SITE) for h in hrefs)
        assert email.message["Auto-Submitted"] == "auto-generated"
        assert email.message["From"] == "Memory Maker <books@memory-maker.test>"


def test_a_name_cannot_add_headers(mail_studio: Studio) -> None:
    letter = Letter("reset", "ann@example.org", "Ann\r\nBcc: thief@example.org", {"link": f"{SITE}/reset"})
    message = compose(letter, sender="Memory Maker <books@memory-maker.test>", site=SITE)
    assert message["Bcc"] is None
    assert "thief" not in str(message["To"].addresses[0].addr_spec)


def test_international_addresses_arrive(mail_studio: Studio, smtp: LocalSmtpServer) -> None:
    mail_studio.accounts.register("ann@bücher.example", PASSWORD, display_name="Ann")
    mail_studio.accounts.register("zoë@example.org", PASSWORD, display_name="Zoë")
    mail_studio.outbox.deliver_pending()
    received = sorted(rcpt for m in smtp.wait_for(2) for rcpt in m.rcpt_tos)
    assert received == ["ann@xn--bcher-kva.example", "zoë@example.org"]


def _certificate(folder: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    return server, ssl.create_default_context(cafile=str(cert))


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_and_sign_in_to_the_mail_server(tmp_path: Path, security: str) -> None:
    server_ctx, client_ctx = _certificate(tmp_path)
    tls = {"starttls": server_ctx} if security == "starttls" else {"implicit_tls": server_ctx}
    with LocalSmtpServer(login=("mailer", "s3cret pass"), **tls) as smtp:
        settings = make_settings(tmp_path, **smtp.settings(security))
        with Studio(settings, workers=False) as studio:
            studio.accounts.register("ann@example.org", PASSWORD)
            outbox = Outbox(studio.db, settings, SmtpMailer(settings, ssl_context=client_ctx))
            assert outbox.deliver_pending().sent == 1
            assert smtp.wait_for(1)[0].rcpt_tos == ["ann@example.org"]


def test_a_wrong_mail_password_keeps_the_email_for_later(tmp_path: Path) -> None:
    with LocalSmtpServer(login=("mailer", "s3cret pass")) as smtp:
        settings = make_settings(tmp_path, **{**smtp.settings(), "smtp_password": "wrong"})
        with Studio(settings, workers=False) as studio:
            studio.accounts.register("ann@example.org", PASSWORD)
            report = studio.outbox.deliver_pending()
            assert (report.sent, report.retrying) == (0, 1)
            assert studio.outbox.counts()["pending"] == 1


def test_temporary_refusals_are_retried_until_delivered(mail_studio: Studio, smtp: LocalSmtpServer) -> None:
    smtp.refuse_with = "451 4.3.0 Please try again later"
    mail_studio.accounts.register("ann@example.org", PASSWORD)
    assert mail_studio.outbox.deliver_pending().retrying == 1
    smtp.refuse_with = None
    time.sleep(0.05)  # the test settings make the backoff 10 ms
    assert mail_studio.outbox.deliver_pending().sent == 1
    assert len(smtp.wait_for(1)) == 1


def test_permanent_refusals_are_not_retried(mail_studio: Studio, smtp: LocalSmtpServer) -> None:
    smtp.refuse_with = "550 5.1.1 No such mailbox"
    mail_studio.accounts.register("ann@example.org", PASSWORD)
    assert mail_studio.outbox.deliver_pending().failed == 1
    smtp.refuse_with = None
    time.sleep(0.05)
    assert mail_studio.outbox.deliver_pending().sent == 0
    assert mail_studio.outbox.counts()["failed"] == 1


def test_the_outbox_gives_up_after_the_last_try(tmp_path: Path) -> None:
    smtp = LocalSmtpServer()  # never started
    settings = make_settings(tmp_path, **smtp.settings(), mail_max_attempts=3)
    with Studio(settings, workers=False) as studio:
        studio.accounts.register("ann@example.org", PASSWORD)
        for _ in range(3):
            studio.outbox.deliver_pending()
            time.sleep(0.1)
        assert studio.outbox.counts()["failed"] == 1


def test_mail_for_a_deleted_account_is_not_sent(mail_studio: Studio, smtp: LocalSmtpServer) -> None:
    user = mail_studio.accounts.register("ann@example.org", PASSWORD)
    mail_studio.accounts.delete_account(user)
    assert mail_studio.outbox.deliver_pending().sent == 0
    time.sleep(0.2)
    assert smtp.received == []


def test_background_sender_delivers_without_being_asked(tmp_path: Path, smtp: LocalSmtpServer) -> None:
    with Studio(make_settings(tmp_path, **smtp.settings(), worker_threads=0)) as studio:
        studio.start_workers()
        studio.accounts.register("ann@example.org", PASSWORD)
        started = time.monotonic()
        studio.accounts.request_password_reset("ann@example.org")
        assert len(smtp.wait_for(2, timeout=5)) == 2
        assert time.monotonic() - started < 3


def test_a_hanging_mail_server_never_slows_a_request(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings = make_settings(
            tmp_path,
            smtp_host="127.0.0.1",
            smtp_port=silent.getsockname()[1],
            smtp_security="none",
            smtp_timeout_s=1.0,
            mail_from="books@memory-maker.test",
            public_url=SITE,
            worker_threads=0,
        )
        with Studio(settings) as studio:
            studio.start_workers()
            studio.accounts.register("ann@example.org", PASSWORD)
            started = time.perf_counter()
            studio.accounts.request_password_reset("ann@example.org")
            assert time.perf_counter() - started < 0.5


def test_two_processes_sending_the_same_outbox_send_each_email_once(
    tmp_path: Path, smtp: LocalSmtpServer, database_url: str
) -> None:
    overrides = {**smtp.settings(), "database_url": database_url, "reset_requests_per_email_per_hour": 50}
    settings = make_settings(tmp_path, **overrides)
    with Studio(settings, workers=False) as web, Studio(settings, workers=False) as worker:
        web.accounts.register("ann@example.org", PASSWORD)
        for _ in range(12):
            web.accounts.request_password_reset("ann@example.org")
        threads = [threading.Thread(target=s.outbox.deliver_pending) for s in (web, worker)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        received = smtp.wait_for(13)
        time.sleep(0.3)
        assert len(smtp.received) == 13
        assert len({m.message["Message-ID"] for m in received}) == 13
        assert web.outbox.counts()["sent"] == 13
