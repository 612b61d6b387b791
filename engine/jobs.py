"""Durable jobs: every book is made by a job whose row in the database is the truth about progress."""

from __future__ import annotations

import builtins
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session as DbSession

from engine.config import Settings
from engine.errors import NotFound
from engine.models import User
from storage import tables as t
from storage.db import Database

ACTIVE = ("queued", "running")
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def now() -> datetime:
    return datetime.now(UTC)


class JobView(BaseModel):
    """A job as a family sees it: ``job.status``, ``job.done`` of ``job.total``, ``job.position``."""

    model_config = ConfigDict(frozen=True)
    id: int
    book_id: int
    kind: str
    status: str
    done: int
    total: int
    message: str
    position: int | None
    created_at: datetime
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed", "cancelled")


class Jobs:
    """``studio.jobs.get(user, job_id)``, ``list(user)``, ``cancel(user, job_id)``."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self._db = db
        self._settings = settings

    def get(self, user: User, job_id: int) -> JobView:
        with self._db.read() as s:
            return view(s, owned_job(s, user, job_id))

    def list(self, user: User, *, active_only: bool = False) -> builtins.list[JobView]:
        with self._db.read() as s:
            q = select(t.Job).where(t.Job.user_id == user.id)
            if active_only:
                q = q.where(t.Job.status.in_(ACTIVE))
            rows = s.scalars(q.order_by(t.Job.id.desc()).limit(100)).all()
            return [view(s, r) for r in rows]

    def cancel(self, user: User, job_id: int) -> JobView:
        """Stop a job soon (within two seconds); pages already made are kept and it can be resumed."""
        with self._db.transaction() as s:
            job = owned_job(s, user, job_id)
            if job.status == "queued":
                finish(s, job, "cancelled", "Cancelled. The pages made so far are kept.")
            elif job.status == "running":
                job.cancel_requested = True
        with self._db.read() as s:
            return view(s, owned_job(s, user, job_id))

    def latest_for_book(self, user: User, book_id: int) -> JobView | None:
        with self._db.read() as s:
            row = s.scalar(
                select(t.Job)
                .where(t.Job.user_id == user.id, t.Job.book_id == book_id)
                .order_by(t.Job.id.desc())
                .limit(1)
            )
            return view(s, row) if row is not None else None


def owned_job(s: DbSession, user: User, job_id: int) -> t.Job:
    row = s.get(t.Job, job_id) if isinstance(job_id, int) and 0 < job_id < 2**62 else None
    if row is None or row.user_id != user.id:
        raise NotFound("We couldn't find that job.")
    return row


def view(s: DbSession, job: t.Job) -> JobView:
    position = None
    if job.status == "queued":
        ahead = s.scalar(
            select(func.count()).select_from(t.Job).where(t.Job.status == "queued", t.Job.id < job.id)
        )
        position = int(ahead or 0) + 1
    return JobView(
        id=job.id,
        book_id=job.book_id,
        kind=job.kind,
        status=job.status,
        done=job.done,
        total=job.total,
        message=job.message,
        position=position,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )


def enqueue(s: DbSession, *, user_id: int, book_id: int, kind: str, total: int, **params: Any) -> t.Job:
    job = t.Job(
        user_id=user_id,
        book_id=book_id,
        kind=kind,
        params=params,
        total=total,
        message="Waiting for a free storyteller…",
    )
    s.add(job)
    s.flush()
    return job


def finish(s: DbSession, job: t.Job, status: str, message: str) -> None:
    job.status = status
    job.message = message[:300]
    job.finished_at = now()
    job.heartbeat_at = now()


@dataclass(frozen=True)
class JobState:
    status: str
    heartbeat_at: datetime | None


class JobClaims:
    """Atomic hand-out of queued jobs to workers, fairness per family, and orphan recovery."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self._db = db
        self._settings = settings

    def claim(self, job_id: int, worker: str = WORKER_ID) -> bool:
        """Take one queued job; exactly one caller wins even across processes."""
        with self._db.transaction() as s:
            result = s.execute(
                update(t.Job)
                .where(t.Job.id == job_id, t.Job.status == "queued")
                .values(
                    status="running",
                    worker=worker,
                    started_at=now(),
                    heartbeat_at=now(),
                    attempts=t.Job.attempts + 1,
                    message="Starting…",
                )
            )
            return bool(getattr(result, "rowcount", 0) == 1)

    def state(self, job_id: int) -> JobState | None:
        with self._db.read() as s:
            row = s.execute(select(t.Job.status, t.Job.heartbeat_at).where(t.Job.id == job_id)).first()
            return JobState(row[0], row[1]) if row is not None else None

    def take_over(self, job_id: int, seen_heartbeat: datetime | None) -> bool:
        """Claim a running job whose worker died; only one taker wins (the heartbeat must be unchanged)."""
        with self._db.transaction() as s:
            result = s.execute(
                update(t.Job)
                .where(t.Job.id == job_id, t.Job.status == "running", t.Job.heartbeat_at == seen_heartbeat)
                .values(worker=WORKER_ID, heartbeat_at=now(), attempts=t.Job.attempts + 1)
            )
            return bool(getattr(result, "rowcount", 0) == 1)

    def family_has_room(self, job_id: int) -> bool:
        """Whether the job's family is below its plan's limit of books being made at once."""
        with self._db.read() as s:
            row = s.execute(
                select(t.Job.user_id, t.User.plan)
                .join(t.User, t.User.id == t.Job.user_id)
                .where(t.Job.id == job_id)
            ).first()
            if row is None:
                return False
            running = s.scalar(
                select(func.count())
                .select_from(t.Job)
                .where(t.Job.user_id == row[0], t.Job.status == "running")
            )
        return int(running or 0) < self._settings.plan_limits(row[1]).running_jobs

    def queued_ids(self) -> builtins.list[int]:
        with self._db.read() as s:
            return list(s.scalars(select(t.Job.id).where(t.Job.status == "queued").order_by(t.Job.id)).all())

    def next_claimable(self) -> builtins.list[int]:
        """Queued job ids, oldest first, skipping families already at their running-jobs limit."""
        with self._db.read() as s:
            running = dict(
                s.execute(
                    select(t.Job.user_id, func.count())
                    .where(t.Job.status == "running")
                    .group_by(t.Job.user_id)
                ).all()
            )
            queued = s.execute(
                select(t.Job.id, t.Job.user_id, t.User.plan)
                .join(t.User, t.User.id == t.Job.user_id)
                .where(t.Job.status == "queued")
                .order_by(t.Job.id)
                .limit(50)
            ).all()
        out = []
        for job_id, user_id, plan in queued:
            if running.get(user_id, 0) < self._settings.plan_limits(plan).running_jobs:
                out.append(job_id)
        return out

    def heartbeat(self, job_id: int) -> bool:
        """Refresh the job's heartbeat; returns True if a cancel was asked for."""
        with self._db.transaction() as s:
            s.execute(update(t.Job).where(t.Job.id == job_id).values(heartbeat_at=now()))
            return bool(s.scalar(select(t.Job.cancel_requested).where(t.Job.id == job_id)))

    def cancel_requested(self, job_id: int) -> bool:
        with self._db.read() as s:
            return bool(s.scalar(select(t.Job.cancel_requested).where(t.Job.id == job_id)))

    def recover(self, *, stale_after_s: float | None = None) -> builtins.list[int]:
        """Put jobs whose worker died back in the queue; their books show as interrupted meanwhile.

        With ``stale_after_s=None`` every running job is taken back (the embedded single process has
        just started, so no worker of its own can be running them).
        """
        with self._db.transaction() as s:
            q = select(t.Job).where(t.Job.status == "running")
            if stale_after_s is not None:
                q = q.where(t.Job.heartbeat_at < now() - timedelta(seconds=stale_after_s))
            rows = s.scalars(q.with_for_update(skip_locked=True)).all()
            for job in rows:
                book = s.get(t.Book, job.book_id)
                if job.cancel_requested:
                    finish(s, job, "cancelled", "Stopped. The pages made so far are kept.")
                    if book is not None:
                        book.status = "cancelled"
                    continue
                job.status, job.worker, job.message = "queued", None, "Picking up where we left off…"
                if book is not None and book.status == "generating":
                    book.status = "interrupted"
            return [j.id for j in rows]
