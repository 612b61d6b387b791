"""Loads the writer's data files (``engine/story/data``) once per language and hands out typed pieces.

The files are plain TOML so a writer can improve the stories without touching code.

>>> content("en").lines("beats", "goal", "main")[0].startswith("{When}")
True
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from engine.catalog import Language

DATA_DIR = Path(__file__).parent / "data"
_FILES = ("settings", "morals", "cast", "beats", "titles")


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


@cache
def world() -> dict[str, Any]:
    """The language-neutral shape of the story world (``data/world.toml``)."""
    return _load(DATA_DIR / "world.toml")


class Content:
    """One language's phrases; ``lines(file, *keys)`` returns the strings at that path (or none)."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.files: dict[str, dict[str, Any]] = {
            name: _load(DATA_DIR / language / f"{name}.toml") for name in _FILES
        }
        self._lines: dict[tuple[str, ...], tuple[str, ...]] = {}

    def node(self, file: str, *keys: str) -> Any:
        """The raw value at ``file`` → ``keys``; ``None`` when any key is missing."""
        value: Any = self.files[file]
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value

    def lines(self, file: str, *keys: str) -> tuple[str, ...]:
        """The list of lines at a path, as a tuple; a single string counts as a one-line list."""
        path = (file, *keys)
        cached = self._lines.get(path)
        if cached is None:
            value = self.node(file, *keys)
            if isinstance(value, str):
                cached = (value,)
            elif isinstance(value, list):
                cached = tuple(str(v) for v in value)
            else:
                cached = ()
            self._lines[path] = cached
        return cached

    def text(self, file: str, *keys: str) -> str:
        """The one string at a path; a missing phrase is a data bug, so it raises ``KeyError``."""
        value = self.node(file, *keys)
        if not isinstance(value, str):
            raise KeyError(f"{self.language}/{file}: {'.'.join(keys)}")
        return value


@cache
def content(language: Language) -> Content:
    """The cached phrases for ``language`` ("en" or "es")."""
    return Content(language)
