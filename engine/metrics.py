"""Prometheus metrics for this process: requests, generation times, provider errors and costs."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter("memory_maker_requests", "Web requests handled", ["route", "outcome"], registry=REGISTRY)
JOBS = Counter("memory_maker_jobs", "Book jobs finished", ["kind", "status"], registry=REGISTRY)
JOB_SECONDS = Histogram(
    "memory_maker_job_seconds",
    "Wall time of a book job",
    ["kind"],
    buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800),
    registry=REGISTRY,
)
STEP_SECONDS = Histogram(
    "memory_maker_provider_seconds",
    "Time of one provider call",
    ["provider", "what"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
    registry=REGISTRY,
)
PROVIDER_ERRORS = Counter(
    "memory_maker_provider_errors",
    "Provider calls that failed after retries",
    ["provider", "what"],
    registry=REGISTRY,
)
COST_USD = Counter(
    "memory_maker_cost_usd", "Provider cost recorded", ["provider", "model"], registry=REGISTRY
)


def exposition() -> bytes:
    """The metrics in Prometheus' text format (served at ``/metrics``)."""
    return generate_latest(REGISTRY)
