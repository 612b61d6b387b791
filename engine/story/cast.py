"""The characters as the writer sees them: pronouns, the role their traits give them, and whether they talk.

A family types free traits ("timid", "loves honey"); ``role`` maps the first one we know to a plot role,
so the shy one notices what others miss and the brave one tries first.

>>> from engine.models import CharacterSpec
>>> actor = Actor.from_spec(0, CharacterSpec(name="Sal", kind="dog", traits=("timid",)), "en")
>>> (actor.role, actor.approach, actor.forms["their"])
('shy', 'sniff', 'their')
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.catalog import AgeGroup, Language, Tone
from engine.models import CharacterSpec
from engine.story.content import world

# Pronoun forms per language. Spanish drops subject pronouns, so its "they" forms name nobody and
# templates use the name instead; "o" is the ending that agrees with the character (listo/lista/liste).
_FORMS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "she/her": {"they": "she", "them": "her", "their": "her", "self": "herself", "were": "was"},
        "he/him": {"they": "he", "them": "him", "their": "his", "self": "himself", "were": "was"},
        "they/them": {"they": "they", "them": "them", "their": "their", "self": "themself", "were": "were"},
        "it": {"they": "it", "them": "it", "their": "its", "self": "itself", "were": "was"},
        "group": {"they": "they", "them": "them", "their": "their", "self": "themselves", "were": "were"},
    },
    "es": {
        "she/her": {"they": "ella", "them": "la", "their": "su", "self": "sí misma", "o": "a", "el": "la"},
        "he/him": {"they": "él", "them": "lo", "their": "su", "self": "sí mismo", "o": "o", "el": "el"},
        "they/them": {"they": "elle", "them": "le", "their": "su", "self": "sí misme", "o": "e", "el": "le"},
        "it": {"they": "él", "them": "lo", "their": "su", "self": "sí mismo", "o": "o", "el": "el"},
        "group": {"they": "ellos", "them": "los", "their": "su", "self": "sí mismos", "o": "os", "el": "los"},
    },
}

WHIMSICAL_TONES: frozenset[str] = frozenset({"funny", "silly"})


def pronoun_forms(language: Language, key: str) -> dict[str, str]:
    """Pronoun forms for a pronoun set, "it" (a creature) or "group" (several characters)."""
    forms = dict(_FORMS[language][key])
    for name in list(forms):
        forms[name[:1].upper() + name[1:]] = forms[name][:1].upper() + forms[name][1:]
    return forms


def role_of(spec: CharacterSpec) -> tuple[str, str]:
    """The plot role of a character and the trait word that earned it (the kind's default otherwise)."""
    roles: dict[str, list[str]] = world()["roles"]
    for trait in spec.traits:
        words = trait.split()
        for role, synonyms in roles.items():
            if trait in synonyms or any(w in synonyms for w in words):
                return role, trait if trait in synonyms else role
    role = str(world()["kind_roles"][spec.kind])
    return role, role


def can_talk(kind: str, tone: Tone, age_group: AgeGroup) -> bool:
    """Whether this kind speaks in words here: animals only in playful tones or for the youngest."""
    policy = world()["talk"][kind]
    if policy == "playful":
        return tone in WHIMSICAL_TONES or age_group in ("0-2", "3-5")
    return bool(policy == "always")


@dataclass(frozen=True)
class Actor:
    """One cast member as the story uses them."""

    index: int
    name: str
    kind: str
    pronouns: str
    role: str
    trait: str
    approach: str
    accessory: str
    forms: dict[str, str]

    @classmethod
    def from_spec(cls, index: int, spec: CharacterSpec, language: Language) -> Actor:
        role, trait = role_of(spec)
        # Animals, fantasy friends and babies help in their own way (the dog sniffs); people by trait.
        approach = str(world()["kind_approach"].get(spec.kind, role))
        return cls(
            index=index,
            name=spec.name,
            kind=spec.kind,
            pronouns=spec.pronoun_set,
            role=role,
            trait=trait,
            approach=approach,
            accessory=spec.accessory,
            forms=pronoun_forms(language, _grammar(spec, language)),
        )


def _grammar(spec: CharacterSpec, language: Language) -> str:
    """Which pronoun forms agree with a character. Spanish has no everyday neutral ending, so a dog, a
    robot or a child whose family picked no pronouns takes its noun's gender (el perro, el robot: "listo");
    "they/them" chosen by the family gives the inclusive forms (elle, "liste")."""
    if language == "es" and spec.pronouns is None and spec.pronoun_set == "they/them":
        return "it"
    return spec.pronoun_set
