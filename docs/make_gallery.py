"""Regenerates ``docs/gallery.png``: the offline illustrator's contact sheet.

Top: every setting (each in a different style, times and weather varied); middle: one scene in all
five styles; bottom: a portrait card of every character kind. Run: ``.venv/bin/python docs/make_gallery.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import get_args

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.art.offline import OfflineIllustrator
from engine.catalog import ArtStyle, CharacterKind, Setting, choices, label
from engine.models import CharacterSpec, Scene, SceneCharacter
from engine.providers import Picture, PictureRequest

STYLES: tuple[ArtStyle, ...] = get_args(ArtStyle)
SETTINGS: tuple[Setting, ...] = get_args(Setting)

OUT = Path(__file__).resolve().parent / "gallery.png"
THUMB, CARD, COLS, GAP, CAPTION = 300, 160, 5, 8, 16
CAST = (
    CharacterSpec(
        name="Mia",
        kind="girl",
        hair_style="pigtails",
        skin="#e0ac69",
        outfit_primary="#e4572e",
        accessory="bow",
    ),
    CharacterSpec(name="Biscuit", kind="dog", skin="#c8915a", hair_color="#5a3a22", outfit_primary="#1e88e5"),
    CharacterSpec(
        name="Grandpa",
        kind="grandpa",
        skin="#8d5524",
        hair_color="#d7d7d7",
        outfit_primary="#2e7d32",
        outfit_secondary="#5d4037",
        accessory="glasses",
    ),
    CharacterSpec(
        name="Sparky", kind="dragon", skin="#5fa86c", hair_color="#f0c040", outfit_primary="#8e44ad"
    ),
)
LOOKS = {  # a typical fur, scales or metal colour per kind, so each card looks like what it is
    "dog": "#c8915a",
    "cat": "#9a9aa8",
    "rabbit": "#f2f0ea",
    "bear": "#a06a3c",
    "fox": "#e07a30",
    "dragon": "#5fa86c",
    "unicorn": "#fbf6f0",
    "robot": "#b8c4d0",
    "dinosaur": "#7cc46a",
}
HAIR = {
    "unicorn": "#c79ae8",
    "fox": "#2a2222",
    "rabbit": "#f0b0b8",
    "grandma": "#cfcfcf",
    "grandpa": "#bdbdbd",
}
SKIN = ("#f1c27d", "#8d5524", "#e0ac69", "#c68642", "#ffdbac")
STYLES_OF_HAIR = ("long", "short", "curly", "ponytail", "pigtails", "bun", "braids", "afro", "spiky", "bald")
ACCESSORIES = ("bow", "hat", "glasses", "scarf", "cape", "crown", "backpack", "collar", "none")
POSES = ("standing", "walking", "running", "waving", "sitting", "sleeping", "hugging", "pointing", "jumping")
MOODS = ("happy", "surprised", "sad", "sleepy", "determined", "worried", "calm")


def _image(pic: Picture, size: int) -> Image.Image:
    return Image.open(io.BytesIO(pic.data)).convert("RGB").resize((size, size), Image.Resampling.LANCZOS)


def _scene(i: int, setting: Setting) -> Scene:
    who = [(0, 1), (0, 1, 2), (2, 3), (0, 3), (1,), (0, 1, 2, 3), (3, 0), (1, 2), (0,), (2, 1, 0)][i]
    chars = tuple(
        SceneCharacter(who=w, action=POSES[(i + 2 * k) % 9], mood=MOODS[(i + k) % 7])
        for k, w in enumerate(who)
    )
    return Scene(
        setting=setting,
        time_of_day=("morning", "day", "night", "afternoon", "evening")[i % 5],
        weather=("clear", "windy", "clear", "cloudy", "clear", "rain", "clear", "clear", "snow", "clear")[i],
        camera=("medium", "wide", "close")[i % 3],
        characters=chars,
        props=(
            ("ball", "kite"),
            ("shell", "sandcastle"),
            ("telescope", "star"),
            ("map", "treasure-chest"),
            ("basket", "apple"),
            ("balloon", "gift"),
            ("lantern", "book"),
            ("boat", "key"),
            ("snowman",),
            ("blanket", "cake", "flower"),
        )[i],
    )


def _card(kind: str, i: int) -> CharacterSpec:
    return CharacterSpec(
        name="Card",
        kind=kind,
        skin=LOOKS.get(kind, SKIN[i % len(SKIN)]),
        hair_color=HAIR.get(kind, "#4a2c17"),
        hair_style=STYLES_OF_HAIR[i % len(STYLES_OF_HAIR)],
        accessory=ACCESSORIES[i % len(ACCESSORIES)],
        outfit_primary=("#e4572e", "#1e88e5", "#43a047", "#8e44ad", "#f4b400")[i % 5],
    )


def main() -> None:
    ill = OfflineIllustrator()
    styles, settings, kinds = STYLES, SETTINGS, choices(CharacterKind)
    tiles: list[tuple[Image.Image, str]] = []
    for i, setting in enumerate(settings):
        style = styles[i % len(styles)]
        pic = ill.draw(PictureRequest(scene=_scene(i, setting), cast=CAST, style=style, seed=7, page_index=i))
        tiles.append((_image(pic, THUMB), f"{label(setting)} · {style}"))
    for style in styles:
        pic = ill.draw(PictureRequest(scene=_scene(0, "forest"), cast=CAST, style=style, seed=7))
        tiles.append((_image(pic, THUMB), f"Forest · {style}"))
    cards = [
        (_image(ill.portrait(_card(k, i), styles[i % len(styles)], 1, 256), CARD), label(k))
        for i, k in enumerate(kinds)
    ]
    per_row = (COLS * (THUMB + GAP)) // (CARD + GAP)
    width = COLS * (THUMB + GAP) + GAP
    rows = (len(tiles) + COLS - 1) // COLS
    card_rows = (len(cards) + per_row - 1) // per_row
    height = GAP + rows * (THUMB + CAPTION + GAP) + card_rows * (CARD + CAPTION + GAP)
    sheet = Image.new("RGB", (width, height), (250, 248, 244))
    draw, font = ImageDraw.Draw(sheet), ImageFont.load_default()
    for n, (img, text) in enumerate(tiles):
        x, y = GAP + (n % COLS) * (THUMB + GAP), GAP + (n // COLS) * (THUMB + CAPTION + GAP)
        sheet.paste(img, (x, y))
        draw.text((x + 2, y + THUMB + 2), text, fill=(60, 60, 60), font=font)
    top = GAP + rows * (THUMB + CAPTION + GAP)
    for n, (img, text) in enumerate(cards):
        x, y = GAP + (n % per_row) * (CARD + GAP), top + (n // per_row) * (CARD + CAPTION + GAP)
        sheet.paste(img, (x, y))
        draw.text((x + 2, y + CARD + 2), text, fill=(60, 60, 60), font=font)
    sheet.save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
