"""The pieces of read-aloud: cutting a page into voices, respelling names, casting voices, joining audio."""

from __future__ import annotations

import io
import math
import unicodedata
import wave
from pathlib import Path

import numpy as np
import pytest

from engine.config import Settings
from engine.errors import ValidationError
from engine.models import CharacterSpec, Dialogue
from engine.openai_client import build_client
from engine.voice.audio_files import mp3_duration, wav_duration
from engine.voice.casting import cast_voices, role
from engine.voice.espeak import EspeakNarrator
from engine.voice.joining import join_mp3, join_wav
from engine.voice.openai_tts import OpenAINarrator
from engine.voice.script import pronounce, split_page
from tests.fakes.openai_answers import MP3_FRAME, MP3_FRAME_SECONDS

FAMILY = (
    CharacterSpec(name="Siobhan", kind="girl"),
    CharacterSpec(name="Aoife", kind="girl"),
    CharacterSpec(name="Grandpa Joe", kind="grandpa"),
    CharacterSpec(name="Bo", kind="bear", pronouns="they/them"),
)


def openai_narrator(model: str = "gpt-4o-mini-tts") -> OpenAINarrator:
    settings = Settings(_env_file=None, openai_api_key="sk-unused", openai_tts_model=model)
    return OpenAINarrator(build_client(settings), settings)


def tone(seconds: float, hz: float, *, rate: int, channels: int = 1, width: int = 2) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    wave_ = 0.5 * np.sin(2 * math.pi * hz * t)
    if width == 1:
        samples = np.round(wave_ * 127 + 128).astype(np.uint8).tobytes()
    else:
        samples = np.round(wave_ * 32767).astype("<i2").tobytes()
    frames = b"".join(samples[i : i + width] * channels for i in range(0, len(samples), width))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(frames)
    return out.getvalue()


def zero_crossings_hz(samples: np.ndarray, rate: int) -> float:
    signs = np.signbit(samples)
    return float(np.count_nonzero(signs[1:] != signs[:-1]) / 2 / (len(samples) / rate))


# -- the script -----------------------------------------------------------------------------------


def test_a_page_is_cut_into_narration_and_each_speakers_words_without_quote_marks() -> None:
    text = "Rex barked, “Come on!” Grandpa Joe asked, “What do we do?” They laughed."
    lines = split_page(
        text, [Dialogue(speaker=2, text="Come on!"), Dialogue(speaker=1, text="What do we do?")]
    )

    assert [(line.text, line.speaker) for line in lines] == [
        ("Rex barked,", None),
        ("Come on!", 2),
        ("Grandpa Joe asked,", None),
        ("What do we do?", 1),
        ("They laughed.", None),
    ]


def test_a_quote_the_family_edited_away_leaves_the_whole_page_to_the_narrator() -> None:
    lines = split_page("Rex barked, “Let's go!”", [Dialogue(speaker=2, text="Come on!")])

    assert [(line.text, line.speaker) for line in lines] == [("Rex barked, “Let's go!”", None)]


def test_a_quote_is_only_found_as_whole_words() -> None:
    lines = split_page("Yesterday Sal said «Yes».", [Dialogue(speaker=0, text="Yes")])

    assert [(line.text, line.speaker) for line in lines] == [("Yesterday Sal said", None), ("Yes", 0)]


def test_names_are_respelled_as_whole_words_in_any_case_and_unicode_form() -> None:
    cast = [
        CharacterSpec(name="Zoë", pronunciation="ZOH-ee"),
        CharacterSpec(name="Sian", pronunciation="SHAHN"),
        CharacterSpec(name="Sian Óg", pronunciation="SHAHN ohg"),
    ]
    decomposed = unicodedata.normalize("NFD", "Zoë")

    said = pronounce(f"{decomposed} and SIAN met Sianna, Zoë's friend, and Sian Óg.", cast)

    assert said == "ZOH-ee and SHAHN met Sianna, ZOH-ee's friend, and SHAHN ohg."


# -- casting --------------------------------------------------------------------------------------


def test_roles_follow_kind_pronouns_and_age() -> None:
    assert role(CharacterSpec(name="Joe", kind="grandpa")) == ("elder", "m")
    assert role(CharacterSpec(name="Mo", kind="child", pronouns="they/them")) == ("young", "n")
    assert role(CharacterSpec(name="Ada", kind="grown-up", pronouns="she/her", age=80)) == ("elder", "f")
    assert role(CharacterSpec(name="Bo", kind="bear")) == ("big", "n")


@pytest.mark.parametrize("narrator", [EspeakNarrator(), openai_narrator()], ids=["espeak", "openai"])
def test_every_character_gets_a_distinct_stable_voice_never_the_narrators(
    narrator: EspeakNarrator | OpenAINarrator,
) -> None:
    casting = cast_voices(narrator, FAMILY, "en")

    voices = casting.characters
    assert None not in voices and len(set(voices)) == len(FAMILY)
    assert narrator.default_voice("en") not in voices
    assert cast_voices(narrator, FAMILY, "en") == casting
    assert casting.voice_for(None) is None and casting.voice_for(7) is None  # the narrator's own voice


def test_older_openai_voice_models_get_only_voices_they_know() -> None:
    voices = cast_voices(openai_narrator("tts-1"), FAMILY * 2, "en").characters

    assert set(voices) <= {"alloy", "ash", "echo", "fable", "onyx", "nova", "sage", "shimmer"}


def test_espeak_character_voices_speak_the_books_language() -> None:
    voices = cast_voices(EspeakNarrator(), FAMILY, "es").characters

    assert all(str(v).startswith("es+") for v in voices)


# -- joining --------------------------------------------------------------------------------------


def test_wav_pieces_in_other_formats_are_converted_and_keep_their_pitch() -> None:
    first = tone(1.0, 220, rate=22050)
    second = tone(0.5, 440, rate=16000, channels=2, width=1)

    joined = join_wav([first, second])

    with wave.open(io.BytesIO(joined)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(float)
    assert wav_duration(joined) == pytest.approx(1.5, abs=0.001)
    assert zero_crossings_hz(samples[22050:], 22050) == pytest.approx(440, rel=0.02)
    assert np.abs(samples[22050:]).max() == pytest.approx(0.5 * 32767, rel=0.03)


def test_mp3_pieces_are_joined_frame_by_frame_without_tags_or_vbr_headers() -> None:
    info = bytearray(MP3_FRAME)
    info[36:40] = b"Info"
    id3 = b"ID3\x04\x00\x00\x00\x00\x00\x05" + b"\x00" * 5

    joined = join_mp3([bytes(info) + MP3_FRAME * 3, id3 + MP3_FRAME * 2 + b"TAG" + b"\x00" * 125])

    assert joined == MP3_FRAME * 5
    assert mp3_duration(joined) == pytest.approx(5 * MP3_FRAME_SECONDS)


def test_a_voice_with_pitch_and_speed_is_still_never_an_option(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        EspeakNarrator(program=str(tmp_path / "not-run")).speak("Hello", voice="en-us p50 --path=/tmp")
