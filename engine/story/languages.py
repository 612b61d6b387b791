"""The languages a book can be written and read aloud in, from ``data/languages.toml``.

``StoryRequest.language`` is typed with the two-language ``Language`` literal; the OpenAI writer and
the narrators accept any ISO 639-1 code listed here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "languages.toml"


@dataclass(frozen=True)
class LanguageInfo:
    code: str
    name: str
    espeak: str


@cache
def languages() -> dict[str, LanguageInfo]:
    """Every supported language by code: ``languages()["fr"].name == "French"``."""
    table = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return {code: LanguageInfo(code, str(v["name"]), str(v["espeak"])) for code, v in table.items()}


def language(code: str) -> LanguageInfo:
    """The language for an ISO code (``"pt-BR"`` is read as ``"pt"``); unknown codes fall back to English."""
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return languages().get(base) or languages()["en"]
