""" "Your book is ready": queued when a book finishes, for families who switched the notice on."""

from __future__ import annotations

import logging

from engine.mail.outbox import Outbox, queue_mail
from storage import tables as t
from storage.db import Database

log = logging.getLogger(__name__)
WHOLE_BOOK_JOBS = ("generate", "resume", "restyle")  # redrawing one page is not news


class BookReadyNotices:
    """``BookMaker(..., on_finished=BookReadyNotices(db, outbox))``."""

    def __init__(self, db: Database, outbox: Outbox) -> None:
        self._db = db
        self._outbox = outbox

    def __call__(self, job_id: int, status: str) -> None:
        if status != "done" or not self._outbox.enabled:
            return
        try:
            with self._db.transaction() as s:
                job = s.get(t.Job, job_id)
                if job is None or job.kind not in WHOLE_BOOK_JOBS:
                    return
                user = s.get(t.User, job.user_id)
                if user is None or user.is_guest or not user.email or not user.notify_book_ready:
                    return
                queue_mail(s, "book_ready", user.id, book_id=job.book_id)
        except Exception:  # a notice must never undo a finished book
            log.exception("could not queue the book-ready email for job %s", job_id)
            return
        self._outbox.wake()
