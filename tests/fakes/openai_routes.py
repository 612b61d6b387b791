"""What the fake OpenAI server answers on each endpoint once a request has validated."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

from tests.fakes import openai_answers as answers
from tests.fakes.brains import ChatRequest, Refusal
from tests.fakes.openai_config import FakeConfig

REFUSAL = "I'm sorry, but I can't help with that request."
BLOCKED = "Your request was rejected as a result of our safety system."


@dataclass(frozen=True)
class Reply:
    status: int = 200
    json: dict[str, Any] | None = None
    data: bytes = b""
    content_type: str = "application/json"
    invalid: tuple[str, ...] = ()  # problems the JSON schema cannot see (e.g. an upload is not an image)


def answer(
    endpoint: str, body: dict[str, Any], files: dict[str, list[bytes]], config: FakeConfig, refuse: bool
) -> Reply:
    if endpoint == "chat.completions":
        return _chat(body, config, refuse)
    if endpoint in ("images.generations", "images.edits"):
        return _images(endpoint, body, files, config, refuse)
    if endpoint == "audio.speech":
        return _speech(body, refuse)
    if endpoint == "moderations":
        return _moderations(body, config)
    return Reply(json=answers.models_list(config.models))


def _chat(body: dict[str, Any], config: FakeConfig, refuse: bool) -> Reply:
    response_format = body.get("response_format")
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    supported = {
        "json_schema": {"json_schema", "json_object", "text"},
        "json_object": {"json_object", "text"},
    }
    if kind is not None and kind not in supported.get(config.structured_outputs, {"text"}):
        message = f"response_format of type '{kind}' is not supported by this server"
        return Reply(400, answers.error_body(message, "invalid_request_error", None, "response_format"))
    for param in config.rejected_params:
        if param in body:
            message = f"Unsupported parameter: '{param}' is not supported with this model."
            return Reply(
                400, answers.error_body(message, "invalid_request_error", "unsupported_parameter", param)
            )
    request = ChatRequest(
        model=str(body["model"]),
        messages=tuple(body["messages"]),
        response_format=response_format if isinstance(response_format, dict) else None,
        seed=body.get("seed"),
    )
    thought = Refusal(REFUSAL) if refuse else config.brain(request)
    prompt_tokens = answers.estimate_tokens(request.text)
    if isinstance(thought, Refusal):
        return Reply(json=answers.chat_completion(request.model, None, thought.message, prompt_tokens))
    return Reply(json=answers.chat_completion(request.model, thought, None, prompt_tokens))


def _images(
    endpoint: str, body: dict[str, Any], files: dict[str, list[bytes]], config: FakeConfig, refuse: bool
) -> Reply:
    if refuse:
        error = answers.error_body(BLOCKED, "image_generation_user_error", "moderation_blocked")
        return Reply(400, error)
    uploads = files.get("image", [])
    if endpoint == "images.edits":
        if not config.supports_edits:
            error = answers.error_body(
                "Image edits are not supported by this server.", "invalid_request_error"
            )
            return Reply(404, error)
        bad = [i for i, data in enumerate(uploads) if not _is_image(data)]
        if bad or not uploads:
            problems = tuple(f"image[{i}] is not a PNG, WebP or JPEG image" for i in bad) or ("no image",)
            error = answers.error_body("; ".join(problems), "invalid_request_error", None, "image")
            return Reply(400, error, invalid=problems)
    size = str(body.get("size") or "1024x1024")
    quality = body.get("quality")
    quality = quality if isinstance(quality, str) else None
    return Reply(json=answers.images_response(str(body["prompt"]), size, quality, references=len(uploads)))


def _is_image(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.format in ("PNG", "WEBP", "JPEG")
    except OSError:
        return False


def _speech(body: dict[str, Any], refuse: bool) -> Reply:
    if refuse:
        return Reply(400, answers.error_body(BLOCKED, "invalid_request_error", "content_policy_violation"))
    audio, content_type = answers.speech_audio(str(body["input"]), str(body.get("response_format", "mp3")))
    return Reply(data=audio, content_type=content_type, json=None)


def _moderations(body: dict[str, Any], config: FakeConfig) -> Reply:
    raw = body["input"]
    items = [raw] if isinstance(raw, str) else list(raw)
    texts = [i if isinstance(i, str) else str(i.get("text", "")) for i in items]
    model = str(body.get("model") or "omni-moderation-latest")
    return Reply(
        json=answers.moderation_response(model, texts, config.flagged_words, config.moderation_scores)
    )
