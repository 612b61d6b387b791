"""Read-aloud through the engine: the narrator plus a voice per character, names said the family's way,
audio made once and kept, with espeak-ng offline and OpenAI voices through the loopback server."""

from __future__ import annotations

import io
import json
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from engine import CharacterSpec, Conflict, MemoryMakerError, NotFound, StorySettings, Studio, User
from engine.models import StoryPage
from engine.openai_client import build_client
from engine.read_aloud import ReadAloud
from engine.voice.audio_files import mp3_duration
from engine.voice.casting import cast_voices
from engine.voice.espeak import EspeakNarrator
from engine.voice.openai_tts import OpenAINarrator
from storage import tables as t
from tests.conftest import make_settings
from tests.fakes.brains import ChatRequest, Refusal, story_brain
from tests.fakes.conftest_openai import openai_settings_fields
from tests.fakes.openai_answers import MP3_FRAME_SECONDS
from tests.fakes.openai_server import FakeOpenAIServer

needs_espeak = pytest.mark.skipif(not EspeakNarrator.available(), reason="espeak-ng is not installed")
SIOBHAN = CharacterSpec(name="Siobhan", kind="girl", pronunciation="shi-VAWN")
GRANDPA = CharacterSpec(name="Grandpa Joe", kind="grandpa")
REX = CharacterSpec(name="Rex", kind="dog", pronouns="he/him")
MOON_PAGE = (
    "Siobhan looked up. “Look at the moon!” said Siobhan. Grandpa Joe smiled. "
    "“What a fine moon, Siobhan,” said Grandpa Joe."
)
MOON_LINES = [
    {"speaker": 0, "text": "Look at the moon!"},
    {"speaker": 1, "text": "What a fine moon, Siobhan,"},
]


def pcm(wav_bytes: bytes) -> bytes:
    with wave.open(io.BytesIO(wav_bytes)) as wav:
        return bytes(wav.readframes(wav.getnframes()))


def median_pitch_hz(wav_bytes: bytes) -> float:
    """The speaker's median fundamental frequency, by autocorrelation of loud 40 ms windows."""
    with wave.open(io.BytesIO(wav_bytes)) as wav:
        rate = wav.getframerate()
        x = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(float)
    size, found = int(rate * 0.04), []
    for i in range(0, len(x) - size, size // 2):
        window = x[i : i + size] - x[i : i + size].mean()
        if np.sqrt((window**2).mean()) < 800:
            continue
        ac = np.correlate(window, window, "full")[size - 1 :]
        low, high = rate // 500, rate // 60
        lag = low + int(np.argmax(ac[low:high]))
        if ac[lag] > 0.3 * ac[0]:
            found.append(rate / lag)
    return float(np.median(found))


def audio_rows(studio: Studio) -> int:
    with studio.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(t.Audio)) or 0)


def speech_usage(studio: Studio) -> list[t.UsageEvent]:
    with studio.db.read() as s:
        return list(s.scalars(select(t.UsageEvent).where(t.UsageEvent.what == "speech")))


# -- offline, with espeak-ng ----------------------------------------------------------------------


@pytest.fixture
def offline(tmp_path: Path) -> Iterator[tuple[Studio, User, list[int]]]:
    studio = Studio(make_settings(tmp_path), workers=False)
    user = studio.accounts.register("ann@example.org", "correct horse battery")
    ids = [studio.characters.create(user, spec).id for spec in (SIOBHAN, GRANDPA, REX)]
    yield studio, user, ids
    studio.close()


def page_with_dialogue(studio: Studio, user: User, ids: list[int]) -> tuple[int, int, StoryPage]:
    """A page of an offline-written book where a character speaks and a cast name is read."""
    for seed in range(1, 40):
        book = studio.books.generate(user, StorySettings(character_ids=ids, pages=8, seed=seed))
        with studio.db.read() as s:
            row = s.get(t.Book, book.id)
            assert row is not None and row.story is not None
        for index, raw in enumerate(row.story["pages"]):
            page = StoryPage.model_validate(raw)
            others = "Grandpa Joe" in page.text or "Rex" in page.text
            if page.dialogue and "Siobhan" in page.text and others:
                return book.id, index, page
    raise AssertionError("no offline story in 40 seeds has a character speaking")


@needs_espeak
def test_characters_say_their_lines_in_their_own_voice_offline(
    offline: tuple[Studio, User, list[int]],
) -> None:
    studio, user, ids = offline
    narrator = studio.providers.narrator
    assert narrator is not None
    book_id, index, page = page_with_dialogue(studio, user, ids)
    read_aloud = ReadAloud(studio.db, narrator)

    script = read_aloud.page_script(user, book_id, index)
    audio, fmt = read_aloud.page_audio(user, book_id, index)

    casting = cast_voices(narrator, (SIOBHAN, GRANDPA, REX), "en")
    spoken_quotes = [line for line in script if line.voice is not None]
    assert [line.voice for line in spoken_quotes][:1] == [casting.characters[page.dialogue[0].speaker]]
    assert any(line.voice is None for line in script), "the narrator reads the rest"
    assert fmt == "wav"
    whole, position = pcm(audio), 0
    for line in script:  # every stretch is in the page audio, in order, in its own voice
        piece = pcm(narrator.speak(line.text, voice=line.voice).data)
        found = whole.find(piece, position)
        assert found >= position, f"{line.text!r} is not in the page audio in voice {line.voice}"
        position = found + len(piece)
    quote = spoken_quotes[0].text
    assert pcm(narrator.speak(quote).data) not in whole, "the quote isn't read in the narrator's voice"


@needs_espeak
def test_grandpa_sounds_deeper_than_the_narrator_and_the_girl_higher() -> None:
    narrator = EspeakNarrator()
    girl, grandpa, _ = cast_voices(narrator, (SIOBHAN, GRANDPA, REX), "en").characters
    words = "What a lovely day it is in the forest today."

    pitch = {
        who: median_pitch_hz(narrator.speak(words, voice=voice).data)
        for who, voice in (("narrator", None), ("girl", girl), ("grandpa", grandpa))
    }

    assert pitch["grandpa"] < pitch["narrator"] < pitch["girl"]
    assert pitch["girl"] > 2 * pitch["grandpa"]


@needs_espeak
def test_names_are_said_the_familys_way_offline(offline: tuple[Studio, User, list[int]]) -> None:
    studio, user, ids = offline
    book_id, index, _ = page_with_dialogue(studio, user, ids)

    script = ReadAloud(studio.db, studio.providers.narrator).page_script(user, book_id, index)

    words = " ".join(line.text for line in script)
    assert "shi-VAWN" in words and "Siobhan" not in words
    assert "Grandpa Joe" in words or "Rex" in words  # names without a respelling are left as typed


@needs_espeak
def test_page_audio_is_made_once_kept_and_remade_after_an_edit(
    offline: tuple[Studio, User, list[int]],
) -> None:
    studio, user, ids = offline
    book_id, index, _ = page_with_dialogue(studio, user, ids)
    read_aloud = ReadAloud(studio.db, studio.providers.narrator)

    first = read_aloud.page_audio(user, book_id, index)
    again = read_aloud.page_audio(user, book_id, index)
    assert again == first and audio_rows(studio) == 1 and len(speech_usage(studio)) == 1
    kept = studio.books.get(user, book_id).pages[index].audio_id
    assert kept is not None

    studio.books.edit_page(user, book_id, index, "Everyone went home for tea.")
    edited = read_aloud.page_audio(user, book_id, index)
    assert edited != first
    assert studio.books.get(user, book_id).pages[index].audio_id is not None
    assert audio_rows(studio) == 1, "the recording of the old words was removed"
    assert read_aloud.page_script(user, book_id, index)[0].voice is None
    assert len(speech_usage(studio)) == 2


@needs_espeak
def test_an_edited_page_whose_quote_is_gone_is_read_by_the_narrator_alone(
    offline: tuple[Studio, User, list[int]],
) -> None:
    studio, user, ids = offline
    book_id, index, page = page_with_dialogue(studio, user, ids)
    quote = page.dialogue[0].text
    studio.books.edit_page(user, book_id, index, page.text.replace(quote, "Hello there, friends!"))

    script = ReadAloud(studio.db, studio.providers.narrator).page_script(user, book_id, index)

    assert len(script) == 1 and script[0].voice is None and "Hello there, friends!" in script[0].text


@needs_espeak
def test_another_familys_page_is_not_found_like_a_missing_book(
    offline: tuple[Studio, User, list[int]],
) -> None:
    studio, user, ids = offline
    book_id, index, _ = page_with_dialogue(studio, user, ids)
    bob = studio.accounts.register("bob@example.org", "another long password")
    read_aloud = ReadAloud(studio.db, studio.providers.narrator)

    with pytest.raises(NotFound) as theirs:
        read_aloud.page_audio(bob, book_id, index)
    with pytest.raises(NotFound) as missing:
        read_aloud.page_audio(bob, book_id + 1000, index)
    with pytest.raises(NotFound):
        read_aloud.page_audio(user, book_id, 99)

    assert theirs.value.message == missing.value.message
    assert audio_rows(studio) == 0 and speech_usage(studio) == []


def test_without_a_narrator_read_aloud_kindly_says_it_needs_a_voice(studio: Studio, family: User) -> None:
    sal = studio.characters.create(family, SIOBHAN)
    book = studio.books.generate(family, StorySettings(character_ids=[sal.id], pages=4, seed=2))
    read_aloud = ReadAloud(studio.db, None)

    with pytest.raises(Conflict, match="Read-aloud needs a voice"):
        read_aloud.page_audio(family, book.id, 0)
    assert not read_aloud.available and audio_rows(studio) == 0


# -- OpenAI voices, through the loopback server ---------------------------------------------------


def moon_brain(chat: ChatRequest) -> str | Refusal:
    """The fake model's story, with two characters talking on the first page."""
    answer = story_brain(chat)
    data = json.loads(str(answer))
    if isinstance(data, dict) and data.get("pages"):
        data["pages"][0].update(text=MOON_PAGE, dialogue=MOON_LINES)
    return json.dumps(data)


@pytest.fixture
def openai_book(openai_server: FakeOpenAIServer, tmp_path: Path) -> Iterator[tuple[Studio, User, int]]:
    studio = Studio(make_settings(tmp_path, **openai_settings_fields(openai_server)), workers=False)
    user = studio.accounts.register("ann@example.org", "correct horse battery")
    ids = [studio.characters.create(user, spec).id for spec in (SIOBHAN, GRANDPA)]
    openai_server.configure(brain=moon_brain)
    book = studio.books.generate(user, StorySettings(character_ids=ids, pages=4, seed=5))
    assert book.pages[0].text == MOON_PAGE
    yield studio, user, book.id
    studio.close()


def test_openai_voices_each_character_and_says_names_the_familys_way(
    openai_server: FakeOpenAIServer, openai_book: tuple[Studio, User, int]
) -> None:
    studio, user, book_id = openai_book
    narrator = studio.providers.narrator
    assert narrator is not None

    audio, fmt = ReadAloud(studio.db, narrator).page_audio(user, book_id, 0)

    said = [
        (r.body["voice"], r.body["input"]) for r in openai_server.requests if r.endpoint == "audio.speech"
    ]
    siobhan, grandpa = cast_voices(narrator, (SIOBHAN, GRANDPA), "en").characters
    assert sorted(said) == sorted(
        [
            ("coral", "shi-VAWN looked up."),
            (siobhan, "Look at the moon!"),
            ("coral", "said shi-VAWN. Grandpa Joe smiled."),
            (grandpa, "What a fine moon, shi-VAWN,"),
            ("coral", "said Grandpa Joe."),
        ]
    )  # spoken side by side, so they may arrive in any order
    assert len({"coral", siobhan, grandpa}) == 3
    characters = sum(len(text) for _, text in said)
    assert fmt == "mp3" and mp3_duration(audio) == pytest.approx(characters * 0.06, abs=5 * MP3_FRAME_SECONDS)
    (usage,) = speech_usage(studio)
    assert usage.units == characters and usage.cost_usd == pytest.approx(characters * 12.0 / 1_000_000)


def test_openai_page_audio_is_paid_for_once_and_reused(
    openai_server: FakeOpenAIServer, openai_book: tuple[Studio, User, int]
) -> None:
    studio, user, book_id = openai_book
    read_aloud = ReadAloud(studio.db, studio.providers.narrator)

    first = read_aloud.page_audio(user, book_id, 0)
    calls = openai_server.stats.received["audio.speech"]
    again = read_aloud.page_audio(user, book_id, 0)

    assert again == first and openai_server.stats.received["audio.speech"] == calls == 5
    assert audio_rows(studio) == 1 and len(speech_usage(studio)) == 1
    with studio.db.read() as s:
        stored = s.scalar(select(t.Audio))
        assert stored is not None and stored.format == "mp3" and stored.cost_usd > 0


@needs_espeak
def test_a_book_read_by_another_narrator_gets_new_audio_in_place_of_the_old(
    openai_server: FakeOpenAIServer, offline: tuple[Studio, User, list[int]], tmp_path: Path
) -> None:
    studio, user, ids = offline
    book_id, index, _ = page_with_dialogue(studio, user, ids)
    ReadAloud(studio.db, studio.providers.narrator).page_audio(user, book_id, index)
    settings = make_settings(tmp_path, **openai_settings_fields(openai_server))

    audio, fmt = ReadAloud(studio.db, OpenAINarrator(build_client(settings), settings)).page_audio(
        user, book_id, index
    )

    assert fmt == "mp3" and mp3_duration(audio) > 1.0
    assert audio_rows(studio) == 1, "the espeak recording is replaced, not left behind"
    voices = {r.body["voice"] for r in openai_server.requests if r.endpoint == "audio.speech"}
    assert "coral" in voices and len(voices) >= 2


def test_a_voice_failing_mid_page_stores_nothing_but_counts_what_was_spoken(
    openai_server: FakeOpenAIServer, openai_book: tuple[Studio, User, int]
) -> None:
    studio, user, book_id = openai_book
    read_aloud = ReadAloud(studio.db, studio.providers.narrator)
    openai_server.configure(
        fault_rate=1.0, fault_kinds=("refusal",), fault_endpoints=frozenset({"audio.speech"}), fault_limit=1
    )

    with pytest.raises(MemoryMakerError):
        read_aloud.page_audio(user, book_id, 0)
    assert audio_rows(studio) == 0
    (spoken,) = speech_usage(studio)
    assert 0 < spoken.units < len(MOON_PAGE)

    read_aloud.page_audio(user, book_id, 0)
    assert audio_rows(studio) == 1 and len(speech_usage(studio)) == 2


def test_studio_books_read_aloud_gives_the_page_audio(studio: Studio, family: User) -> None:
    if not studio.books.can_read_aloud:
        pytest.skip("espeak-ng is not installed")
    sal = studio.characters.create(
        family, CharacterSpec(name="Siobhan", kind="girl", pronunciation="shi-VAWN")
    )
    book = studio.books.generate(family, StorySettings(character_ids=[sal.id], pages=4, seed=2))
    audio, fmt = studio.books.read_aloud(family, book.id, 0)
    assert fmt == "wav" and audio[:4] == b"RIFF" and len(audio) > 10_000
    studio.books.edit_page(family, book.id, 0, "Siobhan waved hello to the moon.")
    assert studio.books.read_aloud(family, book.id, 0)[0] != audio
    with studio.db.read() as s:
        assert s.scalar(select(func.count()).select_from(t.Audio)) == 1, "the old recording was removed"
