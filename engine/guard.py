"""Runs the moderator over family-typed text and turns a refusal into a kind ``ContentRejected``."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from engine.errors import ContentRejected, ProviderError
from engine.providers import Moderator

log = logging.getLogger(__name__)


class ContentGuard:
    """``guard.require_safe(["Sal", "brave"], what="character")`` raises if any text is unsuitable."""

    def __init__(self, moderators: Iterable[Moderator]) -> None:
        self._moderators = tuple(moderators)

    def require_safe(self, texts: Iterable[str], *, what: str = "text") -> None:
        items = [t for t in texts if t and t.strip()]
        if not items:
            return
        for moderator in self._moderators:
            try:
                verdicts = moderator.check(items)
            except ProviderError:
                # An online moderator that is down must not block families; the offline list always runs.
                log.warning("moderator %s unavailable; relying on the others", moderator.name)
                continue
            if any(v is not None for v in verdicts):
                log.info("%s refused by %s moderator", what, moderator.name)
                raise ContentRejected(
                    "Let's keep it kind and child-friendly: some of those words can't be used in a "
                    "children's book. Please choose different ones."
                )
