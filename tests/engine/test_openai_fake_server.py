"""The loopback OpenAI server holds requests to the published OpenAPI description, so a green
``invalid_requests == []`` elsewhere means the SDK calls we make are ones OpenAI would accept."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import openai
import pytest

from tests.fakes.conftest_openai import TEST_KEY
from tests.fakes.openai_answers import png_for
from tests.fakes.openai_server import FakeOpenAIServer
from tests.fakes.openapi_validation import SPEC_PATH


def post(server: FakeOpenAIServer, path: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        server.base_url + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TEST_KEY}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_the_published_spec_is_found_beside_the_repository() -> None:
    assert SPEC_PATH.is_file() and SPEC_PATH.parent.name == "reference"


def test_a_request_missing_a_required_field_gets_openais_error_and_is_recorded(
    openai_server: FakeOpenAIServer,
) -> None:
    openai_server.allow_invalid = True
    status, body = post(openai_server, "/audio/speech", {"model": "gpt-4o-mini-tts", "input": "Hi"})

    assert status == 400
    error = body["error"]
    assert isinstance(error, dict) and error["type"] == "invalid_request_error"
    assert "'voice' is a required property" in str(error["message"])
    (invalid,) = openai_server.invalid_requests
    assert invalid.endpoint == "audio.speech"


def test_an_unknown_parameter_sent_through_the_sdk_is_refused(openai_server: FakeOpenAIServer) -> None:
    openai_server.allow_invalid = True
    client = openai.OpenAI(api_key=TEST_KEY, base_url=openai_server.base_url, max_retries=0)

    with pytest.raises(openai.BadRequestError):
        client.audio.speech.create(model="tts-1", voice="coral", input="Hi", extra_body={"volume": 11})
    assert openai_server.invalid_requests[0].errors[0].startswith("at $: Additional properties")


def test_an_image_edit_must_upload_real_images(openai_server: FakeOpenAIServer) -> None:
    openai_server.allow_invalid = True
    client = openai.OpenAI(api_key=TEST_KEY, base_url=openai_server.base_url, max_retries=0)

    with pytest.raises(openai.BadRequestError):
        client.images.edit(
            model="gpt-image-1-mini", prompt="x", image=("a.png", b"not a picture", "image/png")
        )
    assert openai_server.invalid_requests[0].endpoint == "images.edits"


def test_multipart_numbers_are_read_as_numbers(openai_server: FakeOpenAIServer) -> None:
    client = openai.OpenAI(api_key=TEST_KEY, base_url=openai_server.base_url, max_retries=0)
    png = png_for("reference", "64x64")

    client.images.edit(model="gpt-image-1-mini", prompt="x", image=[("a.png", png, "image/png")], n=1)

    edit = openai_server.requests[-1]
    assert edit.body["n"] == 1 and edit.body["image"] == ["<binary>"]
    assert openai_server.invalid_requests == []


def test_model_list_and_counters(openai_server: FakeOpenAIServer) -> None:
    client = openai.OpenAI(api_key=TEST_KEY, base_url=openai_server.base_url, max_retries=0)

    ids = [m.id for m in client.models.list()]

    assert "gpt-image-1-mini" in ids
    assert openai_server.stats.received["models"] == openai_server.stats.succeeded["models"] == 1
