"""Talking to the SMTP server (none, STARTTLS or implicit TLS), and sorting its failures.

A failure is *temporary* (retry later: the server is down, busy or misconfigured) or *permanent* for
that one message (the server refused the address for good); the outbox acts on that difference.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from engine.config import Settings

log = logging.getLogger(__name__)
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


class MailError(Exception):
    """Sending failed; ``str(err)`` is a short reason for the log, never shown to a family."""


class TemporaryMailError(MailError):
    """Try again later: nothing was delivered."""


class PermanentMailError(MailError):
    """The server refused this message for good; retrying would not help."""


class SmtpConnection:
    """One open SMTP session; several messages can go through it."""

    def __init__(self, smtp: smtplib.SMTP) -> None:
        self._smtp = smtp

    def send(self, message: EmailMessage) -> None:
        try:
            self._smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as err:
            raise classify(err) from err

    def close(self) -> None:
        try:
            self._smtp.quit()
        except (OSError, smtplib.SMTPException):
            self._smtp.close()


class SmtpMailer:
    """Opens connections as the settings say: ``with mailer.connect() as c: c.send(msg)``.

    ``ssl_context`` is for servers with a private certificate authority (and the tests).
    """

    def __init__(self, settings: Settings, *, ssl_context: ssl.SSLContext | None = None) -> None:
        if not settings.smtp_host:
            raise ValueError("SMTP_HOST is not set")
        self._host = settings.smtp_host
        self._security = settings.smtp_security
        self._port = settings.smtp_port or DEFAULT_PORTS[settings.smtp_security]
        self._timeout = settings.smtp_timeout_s
        self._username = settings.smtp_username
        self._password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
        self._context = ssl_context or ssl.create_default_context()

    def connect(self) -> SmtpConnection:
        """Connect, secure and sign in; raises ``TemporaryMailError`` when that is not possible now."""
        smtp: smtplib.SMTP | None = None
        try:
            if self._security == "ssl":
                smtp = smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout, context=self._context)
            else:
                smtp = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
            if self._security == "starttls":
                smtp.starttls(context=self._context)
            if self._username:
                smtp.login(self._username, self._password)
            return SmtpConnection(smtp)
        except (OSError, smtplib.SMTPException) as err:
            if smtp is not None:
                smtp.close()
            # Refusals while connecting (bad login, no STARTTLS) are settings to fix, not bad messages.
            raise TemporaryMailError(describe(err)) from err


def classify(err: BaseException) -> MailError:
    """Temporary or permanent, from the SMTP reply code (4xx temporary, 5xx permanent)."""
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in err.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            return TemporaryMailError(describe(err))
        return PermanentMailError(describe(err))
    if isinstance(err, smtplib.SMTPSenderRefused):
        return TemporaryMailError(describe(err))  # our MAIL_FROM is refused: a setting to fix, then retry
    if isinstance(err, smtplib.SMTPResponseException) and err.smtp_code >= 500:
        return PermanentMailError(describe(err))
    if isinstance(err, smtplib.SMTPNotSupportedError):
        return PermanentMailError(describe(err))
    return TemporaryMailError(describe(err))


def describe(err: BaseException) -> str:
    """A one-line reason for the log and the outbox row (SMTP replies carry no secrets)."""
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        parts = [f"{code} {_text(reply)}" for code, reply in err.recipients.values()]
        return ("recipient refused: " + "; ".join(parts))[:300]
    if isinstance(err, smtplib.SMTPResponseException):
        return f"{err.smtp_code} {_text(err.smtp_error)}"[:300]
    text = str(err) or type(err).__name__
    return f"{type(err).__name__}: {text}"[:300]


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
