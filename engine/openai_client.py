"""One configured OpenAI SDK client, a per-process rate limit, prices, and errors a parent can read.

The SDK already retries 408/409/429/5xx, timeouts and dropped connections with backoff that honours
``Retry-After``; we only configure it. We add what it lacks: a request-per-minute limit shared by all
threads, a retry for a garbled (non-JSON) answer, and translation of SDK errors into
``ProviderError``/``ContentRejected`` with the SDK's exception kept as ``__cause__``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import openai

from engine.config import Settings
from engine.errors import ContentRejected, MemoryMakerError, ProviderError

if TYPE_CHECKING:
    import httpx2

log = logging.getLogger(__name__)
T = TypeVar("T")

OPENAI_URL = "https://api.openai.com/v1"
KEYLESS = "not-needed"  # many OpenAI-compatible servers (Ollama, LM Studio) accept any key
PER_MILLION_UNITS = frozenset({"input", "output", "cached_input", "characters"})
REFUSAL_CODES = frozenset({"moderation_blocked", "content_policy_violation", "content_filter"})
_DATED_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


class RateLimiter:
    """At most ``per_minute`` requests a minute across threads, in bursts of at most ``burst``.

    A token bucket that lets callers reserve a token and sleep outside the lock, so waiting threads
    are served in arrival order: ``limiter.acquire()`` before each HTTP request.
    """

    def __init__(
        self,
        per_minute: int,
        burst: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._rate = per_minute / 60.0
        self._capacity = float(burst if burst is not None else max(1, per_minute // 4))
        self._tokens = self._capacity
        self._clock = clock
        self._sleep = sleep
        self._last = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one request slot, sleeping until it is free; returns the seconds waited."""
        if self._rate <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            self._tokens = min(self._capacity, self._tokens + (now - self._last) * self._rate)
            self._last = now
            self._tokens -= 1.0
            wait = 0.0 if self._tokens >= 0 else -self._tokens / self._rate
        if wait > 0:
            log.debug("rate limit: waiting %.2fs", wait)
            self._sleep(wait)
        return wait

    def on_request(self, request: httpx2.Request) -> None:
        """An httpx event hook, so every HTTP attempt (retries included) is counted."""
        self.acquire()


def build_client(settings: Settings, limiter: RateLimiter | None = None) -> openai.OpenAI:
    """The one SDK client for this process: ``client = build_client(settings)``.

    Everything comes from ``settings`` (never the SDK's own environment lookups), so tests can point
    it at a loopback server with ``Settings(openai_base_url=server.base_url)``.
    """
    limiter = limiter or RateLimiter(settings.openai_requests_per_minute)
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else KEYLESS
    http_client = openai.DefaultHttpxClient(event_hooks={"request": [limiter.on_request]})
    return openai.OpenAI(
        api_key=key,
        base_url=settings.openai_base_url or OPENAI_URL,
        timeout=settings.openai_timeout_s,
        max_retries=settings.openai_max_retries,
        http_client=http_client,
    )


def price(settings: Settings, model: str, unit_kind: str, units: float) -> float:
    """USD for ``units`` of ``unit_kind`` ("input"/"output" tokens, "image", "characters", "request").

    Token and character prices are per million, the rest per unit. A dated snapshot
    (``gpt-4.1-mini-2025-04-14``) uses its family's price; an unknown model (a local server) is free.
    """
    rate = settings.prices.get(f"{model}:{unit_kind}")
    if rate is None:
        rate = settings.prices.get(f"{_DATED_SNAPSHOT.sub('', model)}:{unit_kind}")
    if rate is None:
        log.debug("no price for %s:%s; counting it as free", model, unit_kind)
        return 0.0
    scale = 1_000_000 if unit_kind in PER_MILLION_UNITS else 1
    return rate * units / scale


def fingerprint(kind: str, payload: Mapping[str, Any]) -> str:
    """A stable cache key for a paid request: sha256 of the kind and its canonical JSON."""
    text = json.dumps({"kind": kind, **payload}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def call_openai(service: str, request: Callable[[], T], *, garbled_retries: int = 2) -> T:
    """Run one SDK call, asking again (twice) if the answer was not readable JSON; errors translated.

    ``call_openai("picture service", lambda: client.images.generate(...))``
    """
    for attempt in range(garbled_retries + 1):
        try:
            return request()
        except (json.JSONDecodeError, openai.APIResponseValidationError) as err:
            if attempt >= garbled_retries:
                raise provider_error(err, service) from err
            log.warning("%s sent an unreadable answer; asking again", service)
        except openai.OpenAIError as err:
            raise provider_error(err, service) from err
    raise AssertionError("unreachable")  # pragma: no cover


def provider_error(err: Exception, service: str) -> MemoryMakerError:
    """The parent-readable error for an SDK failure; raise it ``from err`` to keep the detail."""
    log.warning("%s failed: %s: %s", service, type(err).__name__, err)
    code = getattr(err, "code", None)
    if isinstance(err, openai.ContentFilterFinishReasonError) or code in REFUSAL_CODES:
        return ContentRejected(
            f"The {service} thought this wasn't right for a children's book. "
            "Please try different words or characters."
        )
    return ProviderError(_message(err, service))


def _message(err: Exception, service: str) -> str:
    again = "Your finished pages are kept; please try again in a little while."
    if isinstance(err, openai.AuthenticationError | openai.PermissionDeniedError):
        return (
            f"The {service} did not accept Memory Maker's OpenAI key. "
            "The person who set up Memory Maker needs to check it."
        )
    if isinstance(err, openai.RateLimitError):
        if getattr(err, "code", None) == "insufficient_quota":
            return (
                f"Memory Maker's OpenAI account has run out of credit, so the {service} can't be "
                "used right now. The person who set up Memory Maker needs to top it up."
            )
        return f"The {service} is very busy right now. {again}"
    if isinstance(err, openai.APITimeoutError):
        return f"The {service} took too long to answer. {again}"
    if isinstance(err, openai.APIConnectionError):
        return f"We couldn't reach the {service}. Please check the internet connection and try again."
    if isinstance(err, openai.NotFoundError):
        return f"The {service} doesn't offer the model Memory Maker is set up to use."
    if isinstance(err, openai.LengthFinishReasonError):
        return f"The {service}'s answer was cut off before the end. {again}"
    if isinstance(err, openai.BadRequestError | openai.UnprocessableEntityError):
        return f"The {service} couldn't understand our request. {again}"
    if isinstance(err, json.JSONDecodeError | openai.APIResponseValidationError):
        return f"The {service} sent back an answer we couldn't read. {again}"
    return f"The {service} is having trouble right now. {again}"
