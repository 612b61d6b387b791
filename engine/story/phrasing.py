"""Turns one template line into text: names, pronouns, speech marks, and small grammar fixes.

Tokens: ``{A}`` a character's name, ``{A.their}`` their pronoun, ``{ALL}`` everyone on the page,
``{they}`` a pronoun for everyone on the page, ``{place}`` any other word; speech is ``<A|words>``;
``[peeked|peered]`` picks one option each time, so a line reads differently from book to book.

>>> import random
>>> from engine.models import CharacterSpec
>>> from engine.story.cast import Actor
>>> sal = Actor.from_spec(0, CharacterSpec(name="Sal", kind="girl"), "en")
>>> Binding("en", {"A": sal}, (sal,), {}).render("<A|Hi!> {A.they} {A.said}.", random.Random(1)).text
'“Hi!” she said.'
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache

from engine.catalog import Language
from engine.story.cast import Actor, pronoun_forms
from engine.story.content import content

TOKEN = re.compile(r"\{([A-Za-z_]+)(?:\.([A-Za-z_]+))?\}")
CHOICE = re.compile(r"\[([^\[\]]*)\]")  # [looked|peered|gazed]: one option, picked per use
NUMBER = re.compile(r"\{g:([^|{}]*)\|([^{}]*)\}")  # {g:fue|fueron}: agrees with how many are on the page
SPEECH = re.compile(r"<([A-Z])\|(.*?)>")
_BAR = re.compile(r"\|(?![^{]*\})")  # a "|" between choices, not the one inside an option's {g:a|b}
QUOTES: dict[str, tuple[str, str]] = {"en": ("“", "”"), "es": ("«", "»")}
GROUP_TOKENS = frozenset({"they", "They", "them", "their", "Their", "were", "o", "el", "El"})
ROLE_LETTERS = frozenset({"A", "B", "L", "P", "W", "O", "X", "Y"})
_GROUP_WORDS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(everyone|everybody|together|each other|the others|friends|both|team|circle)\b", re.I
    ),
    "es": re.compile(
        r"\b(todos|todas|juntos|juntas|los demás|amigos|equipo|ambos|círculo|todo el mundo)\b", re.I
    ),
}


def options(choice: str) -> list[str]:
    """The options of a ``[a|b|c]`` choice; an option may hold its own ``{g:fue|fueron}``."""
    return _BAR.split(choice)


@dataclass(frozen=True)
class Creature:
    """A creature met in the setting: not a cast member, so never in a scene or a dialogue."""

    a: str
    the: str

    @property
    def name(self) -> str:
        return self.the


@dataclass(frozen=True)
class Needs:
    """What a template needs to be usable: roles on the page, who speaks, and a group of two or more."""

    roles: frozenset[str]
    speakers: frozenset[str]
    group: bool
    cast_partner: bool


@cache
def needs(template: str, language: Language = "en") -> Needs:
    """Read a template's requirements once (templates are data, so this is cached)."""
    roles = {m.group(1) for m in TOKEN.finditer(template) if m.group(1) in ROLE_LETTERS}
    speakers = {m.group(1) for m in SPEECH.finditer(template)}
    group = bool(_GROUP_WORDS[language].search(SPEECH.sub("", template))) or "B" in roles
    cast_partner = "{O." in template or "<O|" in template or "{O}'s" in template
    return Needs(frozenset(roles | speakers), frozenset(speakers), group, cast_partner)


@dataclass
class Rendered:
    text: str
    dialogue: list[tuple[int, str]] = field(default_factory=list)
    mentioned: set[int] = field(default_factory=set)
    named: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Binding:
    """What the tokens mean on one page."""

    language: Language
    roles: dict[str, Actor | Creature]
    group: tuple[Actor, ...]
    words: dict[str, str]

    def render(self, template: str, rng: random.Random, *, capital: bool = True) -> Rendered:
        out = Rendered("")
        open_q, close_q = QUOTES[self.language]

        def speech(match: re.Match[str]) -> str:
            speaker = self.roles[match.group(1)]
            inner = TOKEN.sub(lambda m: self._token(m, rng, out), match.group(2))
            if isinstance(speaker, Actor):
                out.dialogue.append((speaker.index, inner))
                out.mentioned.add(speaker.index)
            return f"{open_q}{inner}{close_q}"

        text = CHOICE.sub(lambda m: rng.choice(options(m.group(1))), template)
        text = NUMBER.sub(lambda m: m.group(1) if len(self.group) == 1 else m.group(2), text)
        text = SPEECH.sub(speech, text)
        text = TOKEN.sub(lambda m: self._token(m, rng, out), text)
        text = CHOICE.sub(lambda m: rng.choice(options(m.group(1))), text)  # choices inside {words}
        out.text = polish(text, self.language, capital=capital)
        # What each speaker says gets the same fixes as the page ("a el bosque" → "al bosque").
        out.dialogue = [(who, polish(said, self.language, capital=False)) for who, said in out.dialogue]
        return out

    def _token(self, match: re.Match[str], rng: random.Random, out: Rendered) -> str:
        name, attr = match.group(1), match.group(2)
        if name in self.roles:
            return self._role(self.roles[name], attr, rng, out)
        if name == "ALL":
            out.mentioned.update(a.index for a in self.group)
            out.named.update(a.index for a in self.group)
            return names_list([a.name for a in self.group], self.language)
        if name in GROUP_TOKENS and attr is None:
            out.mentioned.update(a.index for a in self.group)
            return self._group_forms()[name]
        if name in self.words:
            return self.words[name]
        lower = name[:1].lower() + name[1:]
        if lower in self.words:
            return capitalize(self.words[lower])
        raise KeyError(f"unknown token {{{name}}} in a {self.language} template")

    def _group_forms(self) -> dict[str, str]:
        if len(self.group) == 1:
            return self.group[0].forms
        forms = pronoun_forms(self.language, "group")
        if self.language == "es" and all(a.pronouns == "she/her" for a in self.group):
            forms.update({"they": "ellas", "They": "Ellas", "them": "las", "o": "as", "el": "las"})
        return forms

    def _role(self, who: Actor | Creature, attr: str | None, rng: random.Random, out: Rendered) -> str:
        if isinstance(who, Creature):
            if attr is None:
                return who.the
            return pronoun_forms(self.language, "it")[attr]
        out.mentioned.add(who.index)
        if attr is None:
            out.named.add(who.index)
            return who.name
        if attr in who.forms:
            return who.forms[attr]
        return self._kind_word(who, attr, rng, out)

    def _kind_word(self, who: Actor, attr: str, rng: random.Random, out: Rendered) -> str:
        words = content(self.language)
        if attr == "trait":
            return trait_word(who, self.language)
        if attr == "noun":
            return kind_noun(who, self.language)
        options = words.lines("cast", "kinds", who.kind, attr)
        if not options:
            raise KeyError(f"unknown token {{X.{attr}}}")
        phrase = rng.choice(options)
        if "{" in phrase:
            inner = Binding(self.language, {"X": who}, (who,), self.words).render(phrase, rng, capital=False)
            out.mentioned |= inner.mentioned
            return inner.text
        return phrase


def kind_noun(who: Actor, language: Language) -> str:
    """'dog' in English; in Spanish the noun agrees with the character ('perro', 'perra')."""
    nouns = content(language).node("cast", "kinds", who.kind, "noun")
    if isinstance(nouns, dict):
        return str(nouns.get(who.pronouns, nouns["he/him"]))
    return str(nouns)


def trait_word(who: Actor, language: Language) -> str:
    """The adjective for a character's role, agreeing in Spanish ('valiente', 'curioso', 'curiosa')."""
    adj = content(language).node("cast", "adjectives", who.role)
    if isinstance(adj, dict):
        return str(adj.get(who.pronouns, adj["he/him"]))
    return str(adj) if adj else who.trait


def names_list(names: list[str], language: Language) -> str:
    """'Mia', 'Mia and Pip', 'Mia, Pip and Leo' (Spanish 'y', or 'e' before an i- sound)."""
    if len(names) == 1:
        return names[0]
    last = names[-1]
    joiner = "and" if language == "en" else ("e" if _starts_with_i(last) else "y")
    return f"{', '.join(names[:-1])} {joiner} {last}"


def _starts_with_i(word: str) -> bool:
    low = word.lower()
    return low.startswith(("i", "í", "hi", "hí")) and not low.startswith(("hie", "hia", "hio", "hiu"))


def capitalize(text: str) -> str:
    """Upper-case the first letter (after any opening ¡ ¿ « “), leaving the rest alone."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


_AN = re.compile(r"\b([Aa]) ([aeiouAEIOU][\w-]*)")
_AN_EXCEPTIONS = ("uni", "use", "usu", "one", "once", "eu", "ur")
_ES_CONTRACT = re.compile(r"\b([Aa]|[Dd]e) el\b")


def _contract(match: re.Match[str]) -> str:
    word = match.group(1)
    return word + "l" if word in ("a", "A") else word[0] + "el"


def polish(text: str, language: Language, *, capital: bool = True) -> str:
    """Fix spacing, a/an (English), a el → al and de el → del (Spanish), and the first capital."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    if language == "en":
        text = _AN.sub(
            lambda m: (
                m.group(0) if m.group(2).lower().startswith(_AN_EXCEPTIONS) else f"{m.group(1)}n {m.group(2)}"
            ),
            text,
        )
    else:
        text = _ES_CONTRACT.sub(_contract, text)
    return capitalize(text) if capital else text


_JOINS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r", (and|but|so|then) "),
    "es": re.compile(r", (y|pero|así que|luego) "),
}
# A split is only made where the second half starts a sentence of its own (a name, a pronoun, "the"...):
# "Pip sniffed, and found it" must not become "Pip sniffed. And found it."
_SUBJECTS: dict[str, frozenset[str]] = {
    "en": frozenset(
        {"i", "you", "he", "she", "it", "we", "they", "the", "a", "an", "there", "then", "now", "this"}
        | {"that", "his", "her", "their", "its", "all", "one", "everyone", "everybody", "nobody"}
    ),
    "es": frozenset(
        {"yo", "tú", "él", "ella", "ellos", "ellas", "el", "la", "los", "las", "un", "una", "todos"}
        | {"nadie", "entonces", "ahora", "eso", "esto"}
    ),
}


def _starts_sentence(tail: str, language: Language) -> bool:
    first = tail.split(" ", 1)[0].strip("“”«»¡¿,")
    return first[:1].isupper() or first.lower() in _SUBJECTS[language]


def shorten(text: str, max_words: int, language: Language) -> str:
    """Split long sentences at ", and" / ", but" for young readers ("It fell. But they tried again.").

    Lines with speech are left alone, so a quote is never cut in two.
    """
    if any(q in text for q in "“”«»"):
        return text
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        # A Spanish ¡...! or ¿...? is one unit: cutting it would leave its marks unpaired.
        while len(sentence.split()) > max_words and not sentence.startswith(("¡", "¿")):
            match = next(
                (
                    m
                    for m in _JOINS[language].finditer(sentence)
                    if len(sentence[: m.start()].split()) >= 3
                    and len(sentence[m.end() :].split()) >= 3
                    and _starts_sentence(sentence[m.end() :], language)
                ),
                None,
            )
            if match is None:
                break
            head, tail = sentence[: match.start()], sentence[match.start() + 2 :]
            out.append(head + ".")
            sentence = capitalize(tail)
        out.append(sentence)
    return " ".join(out)


_TAG_AFTER = re.compile(r"^“([^“”]+)” ((?:\S+ ){0,3}\S+?)\.$")


def tag_first(text: str) -> str:
    """'“Let's go!” Mia said.' → 'Mia said, “Let's go!”' — early readers meet the speaker first."""
    match = _TAG_AFTER.match(text)
    if match is None or "“" in match.group(2):
        return text
    said = match.group(1)
    # '“Let me try,” Mia said.' → 'Mia said, “Let me try.”': the quote now ends the sentence.
    said = said[:-1] + "." if said.endswith(",") else said
    return f"{capitalize(match.group(2))}, “{said}”"
