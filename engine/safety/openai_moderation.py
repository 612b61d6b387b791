"""The OpenAI moderator: the word list first, then OpenAI's moderation endpoint with stricter,
children's-book thresholds (``data/moderation_thresholds.json``) for whatever the list let through.

If the endpoint cannot be reached it raises ``ProviderError``; the caller decides whether the word
list alone is enough (``ContentGuard`` does, so a service outage never blocks a family).
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path

import openai
from openai.types import Moderation, ModerationCreateResponse

from engine.config import Settings
from engine.openai_client import call_openai
from engine.safety.wordlist import WordListModerator

log = logging.getLogger(__name__)
SERVICE = "safety check service"
DATA = Path(__file__).with_name("data") / "moderation_thresholds.json"
BATCH = 32  # texts per request, well inside the endpoint's limits


@cache
def thresholds() -> dict[str, float]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data.items() if not k.startswith("_")}


def verdict(result: Moderation) -> str | None:
    """The first category OpenAI flagged or that scores above our threshold, else ``None``."""
    flags = result.categories.model_dump(by_alias=True)
    scores = result.category_scores.model_dump(by_alias=True)
    for category, flagged in flags.items():
        if flagged:
            return category
    for category, limit in thresholds().items():
        score = scores.get(category)
        if isinstance(score, int | float) and score >= limit:
            return category
    return None


class OpenAIModerator:
    """``OpenAIModerator(client, settings).check(["Sal", "a brave knight"]) == [None, None]``."""

    name = "openai"

    def __init__(
        self, client: openai.OpenAI, settings: Settings, wordlist: WordListModerator | None = None
    ) -> None:
        self._client = client
        self._model = settings.openai_moderation_model
        self._wordlist = wordlist or WordListModerator()

    def check(self, texts: list[str]) -> list[str | None]:
        reasons = self._wordlist.check(texts)
        pending = [i for i, reason in enumerate(reasons) if reason is None and texts[i].strip()]
        for start in range(0, len(pending), BATCH):
            batch = pending[start : start + BATCH]
            response = self._moderate([texts[i] for i in batch])
            if len(response.results) != len(batch):
                log.warning("moderation answered %d results for %d texts", len(response.results), len(batch))
            for i, result in zip(batch, response.results, strict=False):
                reasons[i] = verdict(result)
            for i in batch[len(response.results) :]:
                reasons[i] = "unchecked"  # fail closed: a text the service didn't judge isn't used
        return reasons

    def _moderate(self, inputs: list[str]) -> ModerationCreateResponse:
        return call_openai(SERVICE, lambda: self._client.moderations.create(model=self._model, input=inputs))
