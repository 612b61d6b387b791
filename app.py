"""Memory Maker's composition root: read settings, build the Studio, start the book makers, serve the app.

``python app.py`` listens on ``GRADIO_SERVER_NAME``:``GRADIO_SERVER_PORT`` (or ``PORT``), default
127.0.0.1:7860, offline unless an OpenAI key or base URL is configured.
"""

from __future__ import annotations

import gc
import logging

import uvicorn
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from engine import Studio
from ui.server import build_app


class ServerSettings(BaseSettings):
    """Where to listen; kept here until ``engine.config.Settings`` grows server fields."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")
    host: str = Field(default="127.0.0.1", validation_alias="GRADIO_SERVER_NAME")
    port: int = Field(default=7860, validation_alias=AliasChoices("GRADIO_SERVER_PORT", "PORT"))


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    server = ServerSettings()
    studio = Studio.from_env()
    studio.start_workers()
    app = build_app(studio)
    # Everything built so far lives as long as the process: keep it out of the garbage collector's
    # full sweeps, which otherwise pause requests for ~80 ms now and then.
    gc.collect()
    gc.freeze()
    try:
        # Open event streams (browsers, gradio_client) must not hold a restart up for long.
        uvicorn.run(app, host=server.host, port=server.port, log_level="warning", timeout_graceful_shutdown=3)
    finally:
        studio.close()


if __name__ == "__main__":
    main()
