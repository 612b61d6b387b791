"""Email: SMTP sending through a database outbox, the letters it sends, and one-time links."""

from engine.mail.compose import Letter, compose
from engine.mail.notices import BookReadyNotices
from engine.mail.outbox import DeliveryReport, MailSender, Outbox, queue_mail
from engine.mail.smtp import MailError, PermanentMailError, SmtpMailer, TemporaryMailError

__all__ = [
    "BookReadyNotices",
    "DeliveryReport",
    "Letter",
    "MailError",
    "MailSender",
    "Outbox",
    "PermanentMailError",
    "SmtpMailer",
    "TemporaryMailError",
    "compose",
    "queue_mail",
]
