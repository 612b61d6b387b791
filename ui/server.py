"""The web server: Gradio pages mounted into FastAPI beside ``/health``, ``/auth/*`` and ``/media/*``."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import gradio as gr
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from engine import Studio
from ui.auth_routes import auth_router, link_router
from ui.common import theme
from ui.media_routes import media_router
from ui.shell import build_blocks

log = logging.getLogger(__name__)
ASSETS = Path(__file__).parent / "assets"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class SameOriginWrites:
    """Refuse state-changing requests sent by a page on another site (cross-site request forgery).

    Browsers always send ``Origin`` on cross-origin POSTs; non-browser clients (gradio_client) send none.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in WRITES and not _same_origin(scope):
            response = JSONResponse({"error": "This request came from another website."}, status_code=403)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _same_origin(scope: Scope) -> bool:
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
    origin = headers.get("origin")
    if origin is None:
        return True
    host = (headers.get("x-forwarded-host") or headers.get("host") or "").split(",")[0].strip()
    return bool(host) and urlsplit(origin).netloc == host


def build_app(studio: Studio) -> FastAPI:
    """The whole app for uvicorn: ``uvicorn.run(build_app(Studio.from_env()))``."""
    app = FastAPI(title="Memory Maker", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SameOriginWrites)

    @app.get("/health")
    def health() -> JSONResponse:
        report = studio.health()
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(studio.metrics(), media_type="text/plain; version=0.0.4; charset=utf-8")

    app.include_router(auth_router(studio))
    app.include_router(link_router())
    app.include_router(media_router(studio))
    demo = build_blocks(studio)
    demo.queue(api_open=False, default_concurrency_limit=16)
    mounted: FastAPI = gr.mount_gradio_app(
        app,
        demo,
        path="/",
        run_history=False,  # it would keep typed text, passwords included, in the browser
        footer_links=[],
        show_error=False,  # gr.Error messages still show; anything unexpected never reaches the page
        ssr_mode=False,
        max_file_size="1mb",
        theme=theme(),
        css_paths=[ASSETS / "style.css"],
        head_paths=[ASSETS / "head.html"],
    )
    return mounted
