"""Memory Maker's composition root: read settings, build the Studio, start the book makers, serve the app.

``python app.py`` listens on ``GRADIO_SERVER_NAME``:``GRADIO_SERVER_PORT`` (or ``PORT``), default
127.0.0.1:7860, offline unless an OpenAI key or base URL is configured.
"""

from __future__ import annotations

import gc
import logging

import uvicorn

from engine import Studio
from ui.server import build_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    studio = Studio.from_env()
    studio.start_workers()
    app = build_app(studio)
    # Everything built at start-up lives for the whole run: keep it out of the collector's way, so
    # full collections don't pause requests.
    gc.collect()
    gc.freeze()
    settings = studio.settings
    try:
        # Open event streams (browsers, gradio_client) must not hold a restart up for long.
        uvicorn.run(
            app,
            host=settings.server_host,
            port=settings.server_port,
            log_level="warning",
            timeout_graceful_shutdown=3,
        )
    finally:
        studio.close()


if __name__ == "__main__":
    main()
