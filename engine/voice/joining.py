"""Joining the recordings of one page (narrator and characters) into a single file for the player.

WAV pieces are matched to the first piece's format (channels, sample width, rate) and their frames
concatenated; MP3 pieces are joined frame by frame, leaving out tags and VBR header frames whose
counts would describe only the first piece.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.errors import ProviderError
from engine.providers import Speech, Usage
from engine.voice.audio_files import mp3_duration, mp3_frames, wav_duration

MAX_VOICE_LABEL = 40  # the width of ``Audio.voice``
_VBR_TAGS = (b"Xing", b"Info")


@dataclass(frozen=True)
class _Clip:
    channels: int
    width: int
    rate: int
    frames: bytes


def join_speech(parts: Sequence[Speech]) -> Speech:
    """One ``Speech`` for the whole page: the audio joined, the usage added up per provider and model."""
    if not parts:
        raise ProviderError("Read-aloud didn't work for this page. Please try again.")
    formats = {p.format for p in parts}
    if len(formats) != 1:
        raise ProviderError("Read-aloud didn't work for this page. Please try again.")
    first = parts[0]
    if first.format == "wav":
        data = join_wav([p.data for p in parts])
        duration = wav_duration(data)
    else:
        data = join_mp3([p.data for p in parts])
        duration = mp3_duration(data)
    voices = list(dict.fromkeys(p.voice for p in parts))
    label = voices[0] if len(voices) == 1 else f"{voices[0]} +{len(voices) - 1} voices"
    return Speech(
        data=data,
        format=first.format,
        duration_s=round(duration, 3),
        provider=first.provider,
        model=first.model,
        voice=label[:MAX_VOICE_LABEL],
        usage=total_usage([u for p in parts for u in p.usage]),
    )


def total_usage(usage: Sequence[Usage]) -> tuple[Usage, ...]:
    """One usage per (what, provider, model), so a page read by five voices is one line on the bill."""
    totals: dict[tuple[str, str, str], Usage] = {}
    for u in usage:
        key = (u.what, u.provider, u.model)
        seen = totals.get(key)
        totals[key] = (
            u
            if seen is None
            else Usage(*key, units=seen.units + u.units, cost_usd=seen.cost_usd + u.cost_usd)
        )
    return tuple(totals.values())


def join_wav(parts: Sequence[bytes]) -> bytes:
    """The WAV files one after another, in the first one's format (others converted to match)."""
    clips = [_read_wav(p) for p in parts]
    target = clips[0]
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(target.channels)
        wav.setsampwidth(target.width)
        wav.setframerate(target.rate)
        for clip in clips:
            wav.writeframes(_match(clip, target))
    return out.getvalue()


def join_mp3(parts: Sequence[bytes]) -> bytes:
    """The MP3 files' audio frames one after another (MP3 frames stand alone, so this plays through)."""
    out = bytearray()
    for data in parts:
        for n, (start, length, _) in enumerate(mp3_frames(data)):
            frame = data[start : start + length]
            if n == 0 and (any(tag in frame[4:48] for tag in _VBR_TAGS) or frame[36:40] == b"VBRI"):
                continue  # a VBR header frame: silent, and its frame count is only this piece's
            out += frame
    return bytes(out)


def _read_wav(data: bytes) -> _Clip:
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            return _Clip(
                wav.getnchannels(), wav.getsampwidth(), wav.getframerate(), wav.readframes(wav.getnframes())
            )
    except (wave.Error, EOFError) as err:
        raise ProviderError("Read-aloud didn't work for this page. Please try again.") from err


def _match(clip: _Clip, target: _Clip) -> bytes:
    """``clip``'s frames in ``target``'s channels, sample width and rate."""
    if (clip.channels, clip.width, clip.rate) == (target.channels, target.width, target.rate):
        return clip.frames
    samples = _decode(clip.frames, clip.width).reshape(-1, clip.channels).mean(axis=1)
    if clip.rate != target.rate and len(samples) > 1:
        count = max(1, round(len(samples) * target.rate / clip.rate))
        samples = np.interp(np.linspace(0, len(samples) - 1, count), np.arange(len(samples)), samples)
    return _encode(np.repeat(samples[:, None], target.channels, axis=1).ravel(), target.width)


def _decode(frames: bytes, width: int) -> npt.NDArray[np.float64]:
    """PCM bytes as floats in [-1, 1): 8-bit WAV is unsigned, wider samples are signed little-endian."""
    raw = np.frombuffer(frames, dtype=np.uint8)
    if width == 1:
        return (raw.astype(np.float64) - 128.0) / 128.0
    padded = np.zeros((len(raw) // width, 4), dtype=np.uint8)
    padded[:, 4 - width :] = raw[: len(padded) * width].reshape(-1, width)  # the sample in the top bytes
    return padded.view("<i4").ravel().astype(np.float64) / 2.0**31


def _encode(samples: npt.NDArray[np.float64], width: int) -> bytes:
    clipped = np.clip(samples, -1.0, 1.0 - 2.0**-31)
    if width == 1:
        return bytes(np.round(clipped * 127.0 + 128.0).astype(np.uint8).tobytes())
    whole = np.round(clipped * 2.0**31).astype("<i4").view(np.uint8).reshape(-1, 4)
    return bytes(whole[:, 4 - width :].tobytes())
