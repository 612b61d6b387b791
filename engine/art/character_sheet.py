"""Character sheets: one fixed visual description per character, repeated verbatim in every picture.

Image models keep a character consistent far better when every prompt describes them with the very
same words, so the sheet depends only on the ``CharacterSpec`` (never on the page or the style).
The words come from ``data/character_sheet.json``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from engine.models import CharacterSpec

DATA = Path(__file__).with_name("data") / "character_sheet.json"


@cache
def _words() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    text = hex_colour.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def colour_name(hex_colour: str, palette: str = "colours") -> str:
    """The nearest named colour, then the exact hex: ``colour_name("#e4572e") == "red-orange (#e4572e)"``."""
    r, g, b = _rgb(hex_colour)
    names: dict[str, list[int]] = _words()[palette]

    def distance(rgb: list[int]) -> float:
        # "redmean" weighting: a cheap approximation of how different two colours look.
        mean = (r + rgb[0]) / 2
        dr, dg, db = r - rgb[0], g - rgb[1], b - rgb[2]
        return (2 + mean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean) / 256) * db * db

    best = min(names, key=lambda name: distance(names[name]))
    return f"{best} ({hex_colour.lower()})"


def character_sheet(spec: CharacterSpec) -> str:
    """The fixed description of one character, e.g.

    ``"Sal — a young girl (she/her), about 6 years old: golden brown (#c68642) skin; short dark
    brown (#4a2c17) hair; dark brown (#3b2a1a) eyes; wearing a red-orange (#e4572e) top with golden
    yellow (#f3c969) details; round glasses."``
    """
    words = _words()
    kind = words["kinds"][spec.kind]
    primary = colour_name(spec.outfit_primary)
    secondary = colour_name(spec.outfit_secondary)
    palette = "skin_tones" if kind["body"] == "skin" else "colours"
    features = [f"{colour_name(spec.skin, palette)} {kind['body']}"]
    if kind["hair"]:
        template = words["unicorn_hair"] if spec.kind == "unicorn" else words["hair_styles"][spec.hair_style]
        features.append(template.format(colour=colour_name(spec.hair_color)))
    features.append(f"{colour_name(spec.eye_color)} eyes")
    features.append(kind["outfit"].format(primary=primary, secondary=secondary))
    accessory = words["accessories"][spec.accessory].format(primary=primary, secondary=secondary)
    if accessory:
        features.append(accessory)
    who = f"{kind['noun']} ({spec.pronoun_set})"
    if spec.age is not None:
        who += f", about {spec.age} years old"
    return f"{spec.name} — {who}: " + "; ".join(features) + "."
