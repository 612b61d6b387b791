"""The fixed vocabularies shared by the writer, the illustrator, the exporters and the UI.

Every value here is something the offline writer can write about and the offline illustrator can draw.
"""

from __future__ import annotations

from typing import Literal, get_args

AgeGroup = Literal["0-2", "3-5", "6-8", "9-12"]
Tone = Literal["funny", "cozy", "adventurous", "gentle", "silly", "mysterious"]
Moral = Literal[
    "sharing",
    "kindness",
    "honesty",
    "bravery",
    "patience",
    "perseverance",
    "friendship",
    "gratitude",
    "trying-new-things",
    "saying-sorry",
]
Setting = Literal[
    "forest",
    "seaside",
    "space",
    "castle",
    "farm",
    "city",
    "jungle",
    "under-the-sea",
    "snowy-mountains",
    "backyard",
]
ArtStyle = Literal["watercolor", "crayon", "flat", "bedtime", "comic"]
# Story languages: the OpenAI writer writes all of them; the offline writer English and Spanish.
# (Each is covered by the fonts the PDF and EPUB embed: Andika for Latin and Cyrillic, a CJK fallback.)
Language = Literal["en", "es", "fr", "de", "it", "pt", "nl", "pl", "sv", "tr", "uk", "ja", "zh"]
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "it": "Italiano",
    "pt": "Português",
    "nl": "Nederlands",
    "pl": "Polski",
    "sv": "Svenska",
    "tr": "Türkçe",
    "uk": "Українська",
    "ja": "日本語",
    "zh": "中文",
}

CharacterKind = Literal[
    "girl",
    "boy",
    "child",
    "baby",
    "mom",
    "dad",
    "grown-up",
    "grandma",
    "grandpa",
    "dog",
    "cat",
    "rabbit",
    "bear",
    "fox",
    "dragon",
    "unicorn",
    "robot",
    "dinosaur",
]
Pronouns = Literal["she/her", "he/him", "they/them"]
HairStyle = Literal[
    "short", "long", "curly", "ponytail", "pigtails", "bun", "braids", "afro", "spiky", "bald"
]
Accessory = Literal["none", "glasses", "hat", "bow", "scarf", "cape", "crown", "backpack", "collar"]

Pose = Literal[
    "standing", "walking", "running", "waving", "sitting", "sleeping", "hugging", "pointing", "jumping"
]
Mood = Literal["happy", "surprised", "sad", "sleepy", "determined", "worried", "calm"]
TimeOfDay = Literal["morning", "day", "afternoon", "evening", "night"]
Weather = Literal["clear", "cloudy", "rain", "snow", "windy"]
Camera = Literal["wide", "medium", "close"]
Prop = Literal[
    "ball",
    "kite",
    "basket",
    "book",
    "lantern",
    "map",
    "cake",
    "flower",
    "shell",
    "star",
    "key",
    "boat",
    "blanket",
    "apple",
    "balloon",
    "telescope",
    "sandcastle",
    "snowman",
    "treasure-chest",
    "bucket",
    "tent",
    "gift",
]

HUMAN_KINDS: frozenset[str] = frozenset(
    {"girl", "boy", "child", "baby", "mom", "dad", "grown-up", "grandma", "grandpa"}
)
ANIMAL_KINDS: frozenset[str] = frozenset({"dog", "cat", "rabbit", "bear", "fox"})
FANTASY_KINDS: frozenset[str] = frozenset({"dragon", "unicorn", "robot", "dinosaur"})

DEFAULT_PRONOUNS: dict[str, Pronouns] = {
    "girl": "she/her",
    "mom": "she/her",
    "grandma": "she/her",
    "boy": "he/him",
    "dad": "he/him",
    "grandpa": "he/him",
}


def choices(literal: object) -> tuple[str, ...]:
    """The allowed values of one of the vocabularies above, in order: ``choices(Tone)``."""
    return tuple(str(v) for v in get_args(literal))


def label(value: str) -> str:
    """A display label for a vocabulary value: ``label("under-the-sea") == "Under the sea"``."""
    text = value.replace("-", " ")
    return text[:1].upper() + text[1:]
