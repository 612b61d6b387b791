"""A page while it is being written, and how its text splits into sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.story.phrasing import Rendered


def sentences(text: str) -> list[str]:
    """Split page text into sentences the way a reader hears them (a quote stays with its speaker)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[^\s])", text)
    return [p.strip() for p in parts if p.strip()]


@dataclass
class Draft:
    """One written page before it becomes a ``StoryPage``."""

    text: str = ""
    dialogue: list[tuple[int, str]] = field(default_factory=list)
    mentioned: set[int] = field(default_factory=set)
    named: set[int] = field(default_factory=set)
    lead: int = 0
    words: int = 0

    def add(self, rendered: Rendered) -> None:
        self.text = f"{self.text} {rendered.text}".strip()
        self.dialogue.extend(rendered.dialogue)
        self.mentioned |= rendered.mentioned
        self.named |= rendered.named
        self.words = len(self.text.split())
