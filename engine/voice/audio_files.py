"""Just enough of the MP3 and WAV formats to measure a recording and tidy a streamed WAV header.

The read-aloud player shows how long each page takes, so the duration is measured from the audio
itself (MP3 frame headers, WAV frame count) rather than guessed from the text.
"""

from __future__ import annotations

import io
import struct
import wave
from collections.abc import Iterator

# Layer III bitrates (kbit/s) by index, for MPEG-1 and for MPEG-2/2.5.
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
# Sample rates by the header's version bits (3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5).
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _skip_id3(data: bytes) -> int:
    if data[:3] != b"ID3" or len(data) < 10:
        return 0
    size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]  # "synchsafe" integer
    return 10 + size


def _frame(header: bytes) -> tuple[int, float] | None:
    """(length in bytes, seconds) of the Layer III frame starting with ``header``, if it is one."""
    if header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    bitrate_index, rate_index = header[2] >> 4, (header[2] >> 2) & 3
    if layer != 1 or version == 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version == 3
    bitrate = _BITRATES[1 if mpeg1 else 2][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    samples = 1152 if mpeg1 else 576
    length = samples // 8 * bitrate // rate + ((header[2] >> 1) & 1)
    return length, samples / rate


def mp3_frames(data: bytes) -> Iterator[tuple[int, int, float]]:
    """``(start, length, seconds)`` of each Layer III frame, skipping tags and junk between frames."""
    position = _skip_id3(data)
    while position + 4 <= len(data):
        frame = _frame(data[position : position + 4])
        if frame is None:
            position += 1  # not a frame boundary: resynchronise byte by byte
            continue
        length, duration = frame
        yield position, length, duration
        position += length


def mp3_duration(data: bytes) -> float:
    """Seconds of audio in an MP3 (Layer III) file, by walking its frames; 0.0 if there are none."""
    return sum((seconds for _, _, seconds in mp3_frames(data)), 0.0)


def wav_duration(data: bytes) -> float:
    with wave.open(io.BytesIO(data), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())


def fix_streamed_wav(data: bytes) -> bytes:
    """Rewrite a WAV whose sizes were left as placeholders by a streaming writer (espeak-ng ``--stdout``)."""
    marker = data.find(b"data")
    if data[:4] != b"RIFF" or marker < 0:
        return data
    channels, rate, _, _, bits = struct.unpack("<HIIHH", data[22:36])
    pcm = data[marker + 8 :]
    frame_size = channels * bits // 8
    pcm = pcm[: len(pcm) - len(pcm) % frame_size] if frame_size else pcm
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(bits // 8)
        wav.setframerate(rate)
        wav.writeframes(pcm)
    return out.getvalue()
