"""Book throughput and submit-to-start latency of the job system, embedded and scaled (Dramatiq on Redis).

    .venv/bin/python bench/jobs.py [--books 8] [--pages 6] [--delay 0.25]

Offline providers with a fixed delay per picture stand in for a slow image model. Prints books per minute
with 1 and 2 workers and the p50/p95 time from submitting a book to a worker starting it, per mode.
The scaled mode needs Redis on 127.0.0.1:6379 and PostgreSQL on 127.0.0.1:5432 (it uses a scratch schema).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
import redis
from sqlalchemy import select

from engine import CharacterSpec, Settings, StorySettings, Studio
from storage import tables as t
from tests.processes import spawn, stop, wait_for_line

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"


def idle_latency(studio: Studio, samples: int = 6) -> list[float]:
    """Submit-to-start times (ms) when a worker is idle: one 4-page book at a time."""
    user = studio.accounts.start_guest().user
    pet = studio.characters.create(user, CharacterSpec(name="Solo", kind="cat"))
    out = []
    for i in range(samples):
        job = studio.books.start(user, StorySettings(character_ids=[pet.id], pages=4, seed=100 + i))
        while not studio.jobs.get(user, job.id).finished:
            time.sleep(0.02)
        with studio.db.read() as s:
            row = s.execute(select(t.Job.created_at, t.Job.started_at).where(t.Job.id == job.id)).one()
        out.append((row[1] - row[0]).total_seconds() * 1000)
    return out


def run_books(studio: Studio, books: int, pages: int) -> tuple[float, list[float]]:
    """Submit ``books`` books from as many families, wait for all; returns (books/min, start latencies)."""
    jobs = []
    for i in range(books):
        user = studio.accounts.start_guest().user
        pet = studio.characters.create(user, CharacterSpec(name=f"Pip{i}", kind="dog"))
        jobs.append((user, pet.id))
    began = time.perf_counter()
    started = [
        (u, studio.books.start(u, StorySettings(character_ids=[c], pages=pages, seed=i)))
        for i, (u, c) in enumerate(jobs)
    ]
    while not all(studio.jobs.get(u, j.id).finished for u, j in started):
        time.sleep(0.05)
    wall = time.perf_counter() - began
    with studio.db.read() as s:
        rows = s.execute(
            select(t.Job.created_at, t.Job.started_at).where(t.Job.id.in_([j.id for _, j in started]))
        )
        latencies = [(b - a).total_seconds() * 1000 for a, b in rows.all() if b is not None]
    return books / wall * 60, latencies


@contextmanager
def pg_schema() -> Iterator[str]:
    schema = f"mm_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=test", autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=test", autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def embedded(workers: int, args: argparse.Namespace) -> tuple[float, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            data_dir=Path(tmp),
            providers="offline",
            picture_size=384,
            offline_picture_delay_s=args.delay,
            worker_threads=workers,
        )
        with Studio(settings) as studio:
            studio.start_workers()
            rate, _ = run_books(studio, args.books, args.pages)
            return rate, idle_latency(studio)


def scaled(workers: int, args: argparse.Namespace) -> tuple[float, list[float]]:
    namespace = f"mm-bench-{uuid.uuid4().hex[:8]}"
    with pg_schema() as url, tempfile.TemporaryDirectory() as tmp:
        env = {
            "DATABASE_URL": url,
            "JOB_QUEUE_URL": REDIS,
            "JOB_QUEUE_NAMESPACE": namespace,
            "PROVIDERS": "offline",
            "PICTURE_SIZE": "384",
            "OFFLINE_PICTURE_DELAY_S": str(args.delay),
            "DATA_DIR": tmp,
        }
        settings = Settings(_env_file=None, **{k.lower(): v for k, v in env.items()})  # type: ignore[arg-type]
        studio = Studio(settings)
        procs = [
            spawn(["-m", "engine", "worker", "--threads", "1"], env, Path(tmp) / f"w{i}.log")
            for i in range(workers)
        ]
        try:
            for i in range(workers):
                wait_for_line(Path(tmp) / f"w{i}.log", "worker ready")
            rate, _ = run_books(studio, args.books, args.pages)
            return rate, idle_latency(studio)
        finally:
            for p in procs:
                stop(p)
            studio.close()
            client = redis.Redis.from_url(REDIS)
            keys = list(client.scan_iter(f"{namespace}*"))
            if keys:
                client.delete(*keys)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=8)
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--delay", type=float, default=0.25, help="seconds per picture")
    args = parser.parse_args()
    print(f"{args.books} books x {args.pages} pages, {args.delay:.2f} s per picture")
    print("books/min: all books submitted at once; start ms: submit-to-start of a book when a worker is idle")
    print(f"{'mode':<9} {'workers':>7} {'books/min':>10} {'start p50 ms':>13} {'start p95 ms':>13}")
    rates: dict[tuple[str, int], float] = {}
    for mode, run in (("embedded", embedded), ("scaled", scaled)):
        for workers in (1, 2):
            rate, lat = run(workers, args)
            rates[(mode, workers)] = rate
            p50, p95 = statistics.median(lat), pct(lat, 0.95)
            print(f"{mode:<9} {workers:>7} {rate:>10.1f} {p50:>13.0f} {p95:>13.0f}")
    for mode in ("embedded", "scaled"):
        print(f"{mode}: 2 workers / 1 worker = {rates[(mode, 2)] / rates[(mode, 1)]:.2f}")


if __name__ == "__main__":
    main()
