"""Named scenery and prop colours, read from ``data/palette.json`` so an artist can retune them."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.art.colors import RGB

_DATA = Path(__file__).parent / "data" / "palette.json"


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    return dict(json.loads(_DATA.read_text(encoding="utf-8")))


def color(name: str) -> RGB:
    """One named colour: ``color("trunk")``."""
    r, g, b = _raw()[name]
    return (int(r), int(g), int(b))


def colors(name: str) -> list[RGB]:
    """A named list of colours to pick from: ``colors("flowers")``."""
    return [(int(r), int(g), int(b)) for r, g, b in _raw()[name]]
