"""Moderation: the offline word list with its normalisation, and OpenAI's endpoint on top of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.config import Settings
from engine.errors import ProviderError
from engine.openai_client import build_client
from engine.safety.openai_moderation import OpenAIModerator
from engine.safety.wordlist import WordListModerator
from tests.fakes.conftest_openai import openai_settings_fields
from tests.fakes.openai_server import FakeOpenAIServer

UNSAFE = [
    "fuck",
    "F.U.C.K",
    "f u c k",
    "f-u-c-k this",
    "fück",
    "ＦＵＣＫ",
    "fuсk",  # Cyrillic "с"
    "f\u200buck",  # zero-width space
    "fuuuuuck",
    "motherfucker",
    "what the f*ck",
    "sh*t happens",
    "sh1t",
    "$hit",
    "a55hole",
    "you little b!tch",
    "porn",
    "p0rn star",
    "s e x",
    "s.e.x",
    "she was raped",
    "cocaine",
    "smoke weed every day",
    "kill yourself",
    "k1ll y0urself",
    "self-harm",
    "suicide",
    "the murderer came back",
    "a retarded idea",
    "Scheiße",
    "hijo de puta",
]

SAFE = [
    "Scunthorpe",
    "Sussex",
    "grape",
    "assistant",
    "the knight fought the dragon bravely",
    "cocktail",
    "Middlesex",
    "Essex",
    "class",
    "passage",
    "assess",
    "bass guitar",
    "analysis",
    "cumulus clouds",
    "grapefruit",
    "fields of rapeseed",
    "scrapes and bumps",
    "the therapist",
    "shiitake mushrooms",
    "Penistone",
    "a pen is on the table",
    "Arsenal",
    "sextant",
    "spices",
    "Matsushita",
    "the cock crowed at dawn",
    "a blue tit sang",
    "the cat had drunk all the milk",
    "Pussy cat, pussy cat, where have you been?",
    "the naked mole rat",
    "the clock went bong",
    "Dick Whittington and his cat",
    "the Dutch boy and the dyke",
    "Hello! I have 3 cats and 5 dogs.",
    "A B C, easy as 1 2 3",
    "¡Hola! Me llamo Lucía y tengo un cono de helado.",
    "La zorra y el cuervo",
    "Sal is brave, curious and kind",
    "Grandma Rosa's raccoon",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_word_list_rejects_unsafe_text_however_it_is_spelled(text: str) -> None:
    assert WordListModerator().check([text]) != [None]


@pytest.mark.parametrize("text", SAFE)
def test_word_list_accepts_ordinary_words_that_contain_a_bad_substring(text: str) -> None:
    assert WordListModerator().check([text]) == [None]


def test_word_list_names_the_kind_of_problem_for_each_text() -> None:
    verdicts = WordListModerator().check(["Rex the dog", "cocaine", "kill myself", "porn", "sh1t"])
    assert verdicts == [None, "drugs", "self-harm", "sexual", "profanity"]


def moderator_for(server: FakeOpenAIServer, tmp_path: Path, **overrides: object) -> OpenAIModerator:
    fields = openai_settings_fields(server, **overrides)
    settings = Settings(_env_file=None, data_dir=tmp_path, **fields)
    return OpenAIModerator(build_client(settings), settings)


def test_openai_moderation_judges_what_the_word_list_lets_through(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    texts = ["A kind dragon", "sh1t", "then we kill them", "", "Sal shares her cake"]

    verdicts = moderator_for(openai_server, tmp_path).check(texts)

    assert verdicts == [None, "profanity", "violence", None, None]
    (sent,) = [r.body for r in openai_server.requests if r.endpoint == "moderations"]
    assert sent["input"] == ["A kind dragon", "then we kill them", "Sal shares her cake"]
    assert sent["model"] == "omni-moderation-latest"


def test_openai_moderation_is_stricter_than_a_general_audience(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    openai_server.configure(
        moderation_scores=(("bloody", "violence/graphic", 0.35), ("storm", "violence", 0.12))
    )
    verdicts = moderator_for(openai_server, tmp_path).check(["a bloody fight", "a wild storm at sea"])
    assert verdicts == ["violence/graphic", None]


def test_an_unreachable_moderation_service_is_a_provider_error(
    openai_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    openai_server.configure(fault_rate=1.0, fault_kinds=("500",))
    with pytest.raises(ProviderError, match="safety check service"):
        moderator_for(openai_server, tmp_path, openai_max_retries=0).check(["Sal"])


def test_many_texts_are_checked_in_batches(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    texts = [f"Page {i}: Sal and Rex play" for i in range(70)]
    assert moderator_for(openai_server, tmp_path).check(texts) == [None] * 70
    assert openai_server.stats.received["moderations"] == 3
