"""What the fake OpenAI server can be told to do, and what it counts and records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.brains import Brain, story_brain

FAULT_KINDS = ("429", "500", "hang", "cut", "malformed", "refusal")


@dataclass(frozen=True)
class FakeConfig:
    """How the fake behaves; change it with ``server.configure(fault_rate=0.3, ...)``."""

    latency: dict[str, float] = field(default_factory=dict)  # endpoint name -> seconds
    fault_rate: float = 0.0
    fault_kinds: tuple[str, ...] = FAULT_KINDS  # any of FAULT_KINDS, plus "quota"
    fault_endpoints: frozenset[str] | None = None  # None: every endpoint except "models"
    fault_limit: int | None = None  # stop injecting after this many faults
    seed: int = 0
    retry_after_s: float = 0.05
    hang_s: float = 3.0
    brain: Brain = story_brain
    structured_outputs: str = "json_schema"  # or "json_object" (JSON mode only) or "none"
    supports_edits: bool = True
    rejected_params: tuple[str, ...] = ()  # chat parameters refused as unsupported (reasoning models)
    api_key: str | None = None  # when set, any other key gets 401 invalid_api_key
    flagged_words: tuple[str, ...] = ("kill them", "gore")  # moderation flags texts containing these
    moderation_scores: tuple[tuple[str, str, float], ...] = ()  # (word, category, score), unflagged
    models: tuple[str, ...] = (
        "gpt-4.1-mini",
        "gpt-image-1-mini",
        "gpt-4o-mini-tts",
        "omni-moderation-latest",
    )


@dataclass
class FakeStats:
    """Counters per endpoint name; ``succeeded`` counts 2xx answers the client could use."""

    received: Counter[str] = field(default_factory=Counter)
    succeeded: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    peak_in_flight: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class InvalidRequest:
    endpoint: str
    errors: tuple[str, ...]


@dataclass(frozen=True)
class LoggedRequest:
    endpoint: str
    body: dict[str, Any]
    files: dict[str, list[bytes]]
