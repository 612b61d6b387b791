"""The offline narrator: read-aloud with the ``espeak-ng`` program, so it works without any key.

espeak-ng is a Debian package (the Dockerfile installs it); when it is missing ``available()`` is
False and the studio simply offers no read-aloud offline.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from engine.catalog import Language
from engine.errors import ProviderError, ValidationError
from engine.providers import Speech, Usage
from engine.story.languages import language as language_info
from engine.voice.audio_files import fix_streamed_wav, wav_duration

log = logging.getLogger(__name__)
PROGRAM = "espeak-ng"
DATA = Path(__file__).with_name("data") / "narration.json"
TIMEOUT_S = 60.0
# An espeak-ng voice, optionally with pitch (0-99) and speed (words a minute): "en-us+f3 p85 s155".
# Never an option like "--path=…".
_VOICE = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9_+-]{0,40})(?: p(?P<pitch>\d{1,2}))?(?: s(?P<speed>\d{2,3}))?$"
)
MIN_WPM, MAX_WPM = 80, 450


@cache
def _settings() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))["espeak"]
    return data


class EspeakNarrator:
    """``EspeakNarrator().speak("Good night, moon.", language="en").data`` is a WAV file.

    ``voice`` is an espeak-ng voice such as ``"en-gb"`` or ``"es+f3"``, optionally followed by a pitch
    and a speed so characters can sound younger or older: ``"en-us+grandpa p25 s120"``. By default the
    language's voice from ``engine/story/data/languages.toml``.
    """

    name = "espeak"
    model = PROGRAM

    def __init__(self, words_per_minute: int | None = None, program: str | None = None) -> None:
        self._wpm = words_per_minute or int(_settings()["words_per_minute"])
        self._program = program or shutil.which(PROGRAM)

    @classmethod
    def available(cls) -> bool:
        """Whether ``espeak-ng`` is installed on this machine."""
        return shutil.which(PROGRAM) is not None

    def speak(self, text: str, voice: str | None = None, language: Language = "en") -> Speech:
        text = " ".join(text.split())
        if not text:
            raise ValidationError("There are no words on this page to read aloud.")
        if self._program is None:
            raise ProviderError("Read-aloud isn't available on this computer (espeak-ng is not installed).")
        chosen = voice or self.default_voice(language)
        parts = _VOICE.match(chosen)
        if parts is None:
            raise ValidationError("That read-aloud voice isn't available.")
        pitch = int(parts["pitch"] or _settings()["pitch"])
        speed = min(MAX_WPM, max(MIN_WPM, int(parts["speed"] or self._wpm)))
        audio = self._run(parts["name"], pitch, speed, text)
        return Speech(
            data=audio,
            format="wav",
            duration_s=round(wav_duration(audio), 3),
            provider=self.name,
            model=self.model,
            voice=chosen,
            usage=(Usage("speech", self.name, self.model, units=float(len(text)), cost_usd=0.0),),
        )

    def default_voice(self, language: Language = "en") -> str:
        """The narrator's own voice for a book in ``language`` (characters are given other ones)."""
        return language_info(language).espeak

    def _run(self, voice: str, pitch: int, speed: int, text: str) -> bytes:
        command = [
            str(self._program),
            "-v", voice,
            "-s", str(speed),
            "-p", str(pitch),
            "-b", "1",  # the text on stdin is UTF-8
            "--stdout",
            "--stdin",
        ]  # fmt: skip
        try:
            done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise ProviderError("Read-aloud didn't work this time. Please try again.") from err
        if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
            log.warning("espeak-ng failed (%s): %s", done.returncode, done.stderr[:300])
            raise ProviderError("Read-aloud didn't work for this page. Please try again.")
        return fix_streamed_wav(done.stdout)
