"""The words sent to the image model: a book-wide style line, character sheets and the page's scene.

Everything that should look the same on every page (style line, sheets, rules) is written the same
way every time; only the scene part changes. The wording lives in ``data/openai_prompts.json``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from engine.art.character_sheet import character_sheet
from engine.catalog import ArtStyle
from engine.models import CharacterSpec, Scene

DATA = Path(__file__).with_name("data") / "openai_prompts.json"


@cache
def _words() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def style_line(style: ArtStyle) -> str:
    """The one line that sets the look of the whole book: ``style_line("crayon")``."""
    return str(_words()["style"][style])


def portrait_prompt(character: CharacterSpec, style: ArtStyle) -> str:
    words = _words()
    body = words["portrait"].format(sheet=character_sheet(character))
    return f"{body}\nStyle: {style_line(style)}\n{words['rules']}"


def in_scene(scene: Scene, cast: tuple[CharacterSpec, ...]) -> list[int]:
    """Cast indexes drawn on this page, in scene order, without repeats or unknown indexes."""
    return list(dict.fromkeys(c.who for c in scene.characters if 0 <= c.who < len(cast)))


def page_prompt(
    scene: Scene, cast: tuple[CharacterSpec, ...], style: ArtStyle, with_references: tuple[int, ...] = ()
) -> str:
    """The full prompt for one page; ``with_references`` lists whose portraits are attached."""
    words = _words()
    where = words["settings"].get(scene.setting, "in the " + scene.setting.replace("-", " "))
    if scene.place:
        where += f" — {scene.place}"
    lines = [
        f"A picture-book page set {where}, {words['time_of_day'][scene.time_of_day]}, "
        f"{words['weather'][scene.weather]}.",
        words["camera"][scene.camera],
    ]
    by_index = {c.who: c for c in scene.characters}
    present = in_scene(scene, cast)
    for who in present:
        action = by_index[who]
        lines.append(f"{cast[who].name} is {action.action}, looking {action.mood}.")
    if scene.props:
        lines.append("Also in the picture: " + ", ".join(p.replace("-", " ") for p in scene.props) + ".")
    if present:
        lines.append(words["consistency"])
        lines.append("Character sheets:")
        lines.extend(f"- {character_sheet(cast[who])}" for who in present)
    if with_references:
        names = ", ".join(cast[who].name for who in with_references)
        lines.append(words["references"].format(names=names))
    lines.append(f"Style: {style_line(style)}")
    lines.append(words["rules"])
    return "\n".join(lines)
