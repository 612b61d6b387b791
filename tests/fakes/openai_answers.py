"""The bodies the fake OpenAI server answers with, shaped like the documented response schemas.

Images are real PNGs whose colour is derived from the prompt, speech is real (silent) MP3 or WAV, so
the code under test decodes, re-encodes and measures real media.
"""

from __future__ import annotations

import base64
import hashlib
import io
import time
import uuid
import wave
from typing import Any

from PIL import Image, ImageDraw

MODERATION_CATEGORIES = (
    "hate",
    "hate/threatening",
    "harassment",
    "harassment/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)

# MPEG-1 Layer III, 32 kbit/s, 32 kHz, mono: 144-byte frames of 1152 samples (36 ms). With all-zero
# side information a frame carries no main data, which every decoder plays as silence.
_MP3_HEADER = bytes([0xFF, 0xFB, 0x18, 0xC4])
MP3_FRAME = _MP3_HEADER + bytes(144 - len(_MP3_HEADER))
MP3_FRAME_SECONDS = 1152 / 32000
SECONDS_PER_CHARACTER = 0.06


def error_body(message: str, kind: str, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    """OpenAI's error envelope: ``{"error": {"message", "type", "param", "code"}}``."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4)


def chat_completion(
    model: str, content: str | None, refusal: str | None, prompt_tokens: int
) -> dict[str, Any]:
    completion_tokens = estimate_tokens(content or refusal or "")
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "logprobs": None,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def prompt_colour(prompt: str) -> tuple[int, int, int]:
    """The fake's "art": one colour per prompt, so different pages look different and reruns match."""
    digest = hashlib.sha256(prompt.encode("utf-8")).digest()
    return (digest[0], digest[1], digest[2])


def png_for(prompt: str, size: str, references: int = 0) -> bytes:
    width, height = (int(v) for v in size.split("x")) if "x" in size else (1024, 1024)
    image = Image.new("RGB", (width, height), prompt_colour(prompt))
    draw = ImageDraw.Draw(image)
    for i in range(references):  # one white dot per reference image, so tests can see edits used them
        x = 20 + i * 40
        draw.ellipse((x, 20, x + 24, 44), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # fast: the fake answers many pages at once
    return out.getvalue()


def images_response(prompt: str, size: str, quality: str | None, references: int = 0) -> dict[str, Any]:
    actual = size if size in ("1024x1024", "1024x1536", "1536x1024") else "1024x1024"
    png = png_for(prompt, actual, references)
    tokens = estimate_tokens(prompt)
    return {
        "created": int(time.time()),
        "data": [{"b64_json": base64.b64encode(png).decode("ascii")}],
        "background": "opaque",
        "output_format": "png",
        "size": actual,
        "quality": quality if quality in ("low", "medium", "high") else "low",
        "usage": {
            "total_tokens": tokens + 272,
            "input_tokens": tokens,
            "output_tokens": 272,
            "input_tokens_details": {"text_tokens": tokens, "image_tokens": 0},
        },
    }


def speech_audio(text: str, fmt: str) -> tuple[bytes, str]:
    """Silent audio as long as a reader would take; ``(bytes, content type)``."""
    seconds = max(0.2, len(text) * SECONDS_PER_CHARACTER)
    if fmt == "wav":
        out = io.BytesIO()
        with wave.open(out, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(16000)
            wav.writeframes(bytes(2 * int(16000 * seconds)))
        return out.getvalue(), "audio/wav"
    frames = max(1, round(seconds / MP3_FRAME_SECONDS))
    return MP3_FRAME * frames, "audio/mpeg"


def moderation_response(
    model: str,
    inputs: list[str],
    flagged_words: tuple[str, ...],
    scored: tuple[tuple[str, str, float], ...] = (),
) -> dict[str, Any]:
    results = []
    for text in inputs:
        hit = any(word in text.lower() for word in flagged_words)
        categories = dict.fromkeys(MODERATION_CATEGORIES, False)
        scores = dict.fromkeys(MODERATION_CATEGORIES, 0.0001)
        for word, category, score in scored:
            if word in text.lower():
                scores[category] = score
        if hit:
            categories["violence"] = True
            scores["violence"] = 0.93
        results.append(
            {
                "flagged": hit,
                "categories": categories,
                "category_scores": scores,
                "category_applied_input_types": {c: ["text"] for c in MODERATION_CATEGORIES},
            }
        )
    return {"id": f"modr-{uuid.uuid4().hex[:20]}", "model": model, "results": results}


def models_list(model_ids: tuple[str, ...]) -> dict[str, Any]:
    created = int(time.time())
    data = [
        {"id": m, "object": "model", "created": created, "owned_by": "memory-maker-fake"} for m in model_ids
    ]
    return {"object": "list", "data": data}
