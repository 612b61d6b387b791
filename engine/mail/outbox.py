"""The outbox: emails are rows written with what caused them, and sent after commit with retries.

A page never waits for the mail server and a crash loses nothing: the row is the promise. Any number
of processes may deliver at once; claiming a row is a compare-and-set on the database.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session as DbSession

from engine.config import Settings
from engine.mail.compose import Letter, compose
from engine.mail.letters import LETTERS, Renderer
from engine.mail.limits import forget_old_requests
from engine.mail.smtp import PermanentMailError, SmtpConnection, SmtpMailer, TemporaryMailError
from storage import tables as t
from storage.db import Database

log = logging.getLogger(__name__)
GIVE_UP_AFTER = timedelta(hours=24)
KEEP_SENT = timedelta(days=30)
MAX_BACKOFF_S = 900.0
TIDY_EVERY = timedelta(hours=1)


def _now() -> datetime:
    return datetime.now(UTC)


def queue_mail(s: DbSession, kind: str, user_id: int | None, **params: Any) -> None:
    """Add an email to the outbox inside the caller's transaction (it goes out after commit).

    ``user_id=None`` writes the same row already dropped: a decoy that costs what a real one does.
    """
    s.add(
        t.OutboxMessage(
            kind=kind,
            user_id=user_id,
            params=params,
            status="pending" if user_id is not None else "dropped",
            give_up_at=_now() + GIVE_UP_AFTER,
        )
    )


@dataclass
class DeliveryReport:
    """What one ``deliver_pending()`` round did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    dropped: int = 0


class Outbox:
    """``outbox.deliver_pending()`` sends what is due; the embedded ``MailSender`` calls it in a loop."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        mailer: SmtpMailer | None,
        renderers: Mapping[str, Renderer] = LETTERS,
    ) -> None:
        self._db = db
        self._settings = settings
        self._mailer = mailer
        self._renderers = renderers
        self._work = threading.Event()
        self._tidied_at: datetime | None = None
        # Covers a send in flight: a process that dies mid-send hands its message back after this.
        self._lease = timedelta(seconds=max(120.0, 4 * settings.smtp_timeout_s))

    @property
    def enabled(self) -> bool:
        return self._mailer is not None

    def wake(self) -> None:
        """Tell this process's sender there is mail (others find it on their next poll)."""
        self._work.set()

    def wait_for_work(self, timeout: float) -> None:
        self._work.wait(timeout)
        self._work.clear()

    def deliver_pending(self, limit: int = 100) -> DeliveryReport:
        """Send every message that is due; stops early while the server is unreachable."""
        report = DeliveryReport()
        if self._mailer is None:
            return report
        self._tidy()
        connection: SmtpConnection | None = None
        try:
            for row_id in self._due(limit):
                message = self._prepare(row_id, report)
                if message is None:
                    continue
                try:
                    connection = connection or self._mailer.connect()
                    connection.send(message)
                except TemporaryMailError as err:
                    self._retry(row_id, str(err), report)
                    break  # the server is down or busy: don't hammer it, the next round tries again
                except PermanentMailError as err:
                    self._finish(row_id, "failed", str(err), report)
                    continue
                self._finish(row_id, "sent", "", report)
        finally:
            if connection is not None:
                connection.close()
        return report

    def delayed(self) -> bool:
        """Whether the latest delivery attempt failed (the family is told mail may be slow)."""
        with self._db.read() as s:
            last = s.execute(
                select(t.OutboxMessage.status, t.OutboxMessage.last_error)
                .where(t.OutboxMessage.last_attempt_at.is_not(None))
                .order_by(t.OutboxMessage.last_attempt_at.desc())
                .limit(1)
            ).first()
        return last is not None and last[0] == "pending" and bool(last[1])

    def counts(self) -> dict[str, int]:
        """Messages by status, for the admin page: ``{"pending": 0, "sent": 12, ...}``."""
        with self._db.read() as s:
            rows = s.execute(
                select(t.OutboxMessage.status, func.count()).group_by(t.OutboxMessage.status)
            ).all()
        return {status: 0 for status in t.OUTBOX_STATUSES} | {str(k): int(v) for k, v in rows}

    # -- one message ------------------------------------------------------------------------------

    def _due(self, limit: int) -> list[int]:
        with self._db.read() as s:
            return list(
                s.scalars(
                    select(t.OutboxMessage.id)
                    .where(t.OutboxMessage.status == "pending", t.OutboxMessage.next_attempt_at <= _now())
                    .order_by(t.OutboxMessage.id)
                    .limit(limit)
                ).all()
            )

    def _claim(self, row_id: int, report: DeliveryReport) -> Letter | None:
        """Take the message (one process wins) and render it, in one transaction."""
        with self._db.transaction() as s:
            row = s.get(t.OutboxMessage, row_id, with_for_update=True)
            now = _now()
            if row is None or row.status != "pending" or row.next_attempt_at > now:
                return None
            row.attempts += 1
            row.last_attempt_at = now
            row.next_attempt_at = now + self._lease
            renderer = self._renderers.get(row.kind)
            letter = renderer(s, row, self._settings) if renderer is not None else None
            if letter is None:
                row.status = "dropped"
                report.dropped += 1
            return letter

    def _prepare(self, row_id: int, report: DeliveryReport) -> EmailMessage | None:
        """The message to send now, or ``None`` (another process has it, it's unwanted, or broken)."""
        try:
            letter = self._claim(row_id, report)
        except Exception:  # one broken message must not hold up the others
            log.exception("could not prepare email %s", row_id)
            self._retry(row_id, "could not prepare the message", report)
            return None
        if letter is None:
            return None
        assert self._settings.mail_from is not None
        try:
            return compose(letter, sender=self._settings.mail_from, site=self._settings.public_url)
        except Exception:  # an address or text the email library can't write: never sendable
            log.exception("could not write email %s", row_id)
            self._finish(row_id, "failed", "could not write the message", report)
            return None

    def _retry(self, row_id: int, reason: str, report: DeliveryReport) -> None:
        with self._db.transaction() as s:
            row = s.get(t.OutboxMessage, row_id)
            if row is None:
                return
            row.last_error = reason[:300]
            if row.attempts >= self._settings.mail_max_attempts or _now() >= row.give_up_at:
                row.status = "failed"
                report.failed += 1
                log.error(
                    "gave up on email %s (%s) after %d tries: %s", row_id, row.kind, row.attempts, reason
                )
                return
            delay = min(MAX_BACKOFF_S, self._settings.mail_retry_base_s * 2 ** (row.attempts - 1))
            row.next_attempt_at = _now() + timedelta(seconds=delay * random.uniform(0.8, 1.2))
            report.retrying += 1
        log.warning("email %s not sent yet, will retry: %s", row_id, reason)

    def _finish(self, row_id: int, status: str, reason: str, report: DeliveryReport) -> None:
        with self._db.transaction() as s:
            values: dict[str, Any] = {"status": status, "last_error": reason[:300]}
            if status == "sent":
                values["sent_at"] = _now()
            s.execute(update(t.OutboxMessage).where(t.OutboxMessage.id == row_id).values(**values))
        if status == "sent":
            report.sent += 1
        else:
            report.failed += 1
            log.error("email %s refused by the mail server: %s", row_id, reason)

    def _tidy(self) -> None:
        """Hourly: forget old request counts, expired links and long-sent messages."""
        now = _now()
        if self._tidied_at is not None and now - self._tidied_at < TIDY_EVERY:
            return
        self._tidied_at = now
        with self._db.transaction() as s:
            forget_old_requests(s)
            s.execute(delete(t.EmailToken).where(t.EmailToken.expires_at < now - timedelta(days=1)))
            s.execute(
                delete(t.OutboxMessage).where(
                    t.OutboxMessage.status != "pending", t.OutboxMessage.created_at < now - KEEP_SENT
                )
            )


class MailSender:
    """The embedded mode's background sender: a thread that delivers the outbox until stopped."""

    def __init__(self, outbox: Outbox, poll_s: float) -> None:
        self._outbox = outbox
        self._poll_s = poll_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None or not self._outbox.enabled:
            return
        self._thread = threading.Thread(target=self._loop, name="mail-sender", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._outbox.wake()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._outbox.deliver_pending()
            except Exception:  # the sender must outlive a database hiccup; the rows stay pending
                log.exception("mail sender round failed")
            self._outbox.wait_for_work(self._poll_s)
