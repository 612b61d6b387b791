"""Shared pieces of the web app: the session check, error display, safe text, media URLs and the look.

**How the browser holds the session: an HttpOnly cookie, not ``gr.BrowserState``.** Sign-in, sign-up,
guest start, password change and sign-out go through small JSON routes (``ui/auth_routes.py``) that set
or clear the ``mm_session`` cookie; every Gradio handler reads it from ``gr.Request`` and asks the
engine who it belongs to (``studio.accounts.authenticate``) on every call. Why:

* Script can't read an HttpOnly cookie, so even a slip in escaping could not steal the session; a
  ``BrowserState`` token lives in ``localStorage`` where any script can read it.
* Passwords never pass through Gradio's queue, so no Gradio feature (run history, caches, logs) can keep
  one; the browser stores neither passwords nor tokens where a page can see them.
* The browser sends the cookie with ``<img>``, ``<audio>`` and download requests, so pictures, sounds and
  PDFs are served by owner-only routes at plain URLs (``/media/...``) that are useless to anyone else,
  instead of Gradio's public temp-file URLs.
* The token is random, stored only as a hash, expires and is revoked server-side on sign-out.

Over plain HTTP the cookie is ``SameSite=Lax``; over HTTPS (Hugging Face Spaces shows the app inside an
iframe) it is ``SameSite=None; Secure; Partitioned``, and ``ui/server.py`` refuses state-changing
requests whose ``Origin`` is another site, which is the cross-site-request defence in both cases.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import gradio as gr
from starlette.requests import HTTPConnection

from engine import MemoryMakerError, Studio, User

log = logging.getLogger(__name__)
SESSION_COOKIE = "mm_session"
KIND_MESSAGE = "Sorry, something went wrong on our side. Please try again in a moment."
P = ParamSpec("P")
R = TypeVar("R")


def friendly_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Show engine errors as their own kind message and anything unexpected as a generic one (logged)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except MemoryMakerError as err:
            # gr.Error renders its message as HTML, so even our own messages are escaped.
            raise gr.Error(html.escape(err.message), title="Let's fix that", print_exception=False) from err
        except Exception as err:
            log.exception("unexpected error in %s", getattr(fn, "__name__", "handler"))
            raise gr.Error(KIND_MESSAGE, title="Sorry", print_exception=False) from err

    return wrapper


def session_token(request: gr.Request | HTTPConnection | None) -> str:
    """The session cookie of this request ('' when there is none)."""
    if request is None:
        return ""
    cookies = request.cookies
    token = cookies.get(SESSION_COOKIE, "") if cookies is not None else ""
    return token if isinstance(token, str) else ""


def signed_in(studio: Studio, request: gr.Request | HTTPConnection | None) -> User:
    """The family making this request; ``AuthError`` ("Please sign in again.") otherwise."""
    return studio.accounts.authenticate(session_token(request))


def maybe_signed_in(studio: Studio, request: gr.Request | HTTPConnection | None) -> User | None:
    try:
        return signed_in(studio, request)
    except MemoryMakerError:
        return None


def client_address(request: gr.Request | HTTPConnection | None) -> str | None:
    """Who is asking, for per-address limits on emailed links.

    Behind one proxy (Hugging Face Spaces, a reverse proxy) every request comes from the proxy, so the
    last ``X-Forwarded-For`` entry (the one the proxy added, which a browser can't forge) is used.
    """
    if request is None:
        return None
    forwarded = (request.headers.get("x-forwarded-for") or "").split(",")[-1].strip()
    client = request.client
    return forwarded or (str(client.host) if client is not None else None)


def query_param(request: gr.Request | None, name: str) -> str:
    """One parameter of the page's address (``/?book=12``), '' when absent; Gradio passes them along."""
    if request is None:
        return ""
    params = request.query_params
    value = params.get(name, "") if params is not None else ""
    return value.strip() if isinstance(value, str) else ""


def text(value: str) -> str:
    """Family-typed text made safe for an ``gr.HTML`` block: shown exactly as typed, never as markup."""
    return html.escape(value, quote=True)


def site_root(request: gr.Request | None) -> str:
    """This app's public origin as the browser sees it (``https://x.hf.space``), for absolute URLs.

    ``gr.Gallery`` only leaves absolute ``http(s)`` URLs alone; anything else it tries to copy into
    Gradio's public file cache, which is exactly what owner-only media must avoid.
    """
    if request is None:
        return ""
    headers = request.headers
    proto = (headers.get("x-forwarded-proto") or "").split(",")[0].strip()
    host = (headers.get("x-forwarded-host") or headers.get("host") or "").split(",")[0].strip()
    if not proto:
        url = request.url
        proto = str(getattr(url, "scheme", "http") or "http")
    return f"{proto}://{host}" if host else ""


def image_url(request: gr.Request | None, image_id: int) -> str:
    return f"{site_root(request)}/media/images/{image_id}.webp"


def placeholder_url(request: gr.Request | None) -> str:
    return f"{site_root(request)}/media/drawing.png"


def pdf_path(book_id: int, size: str = "square") -> str:
    return f"/media/books/{book_id}.pdf?size={size}"


def picture_grid(label: str, elem_id: str, columns: int = 3) -> gr.Gallery:
    """A grid of pictures to choose from (characters, pages, covers): hidden until it has pictures, no
    preview pop-up and no buttons, since choosing a picture opens it on the page."""
    return gr.Gallery(
        label=label,
        show_label=False,
        fit_columns=False,
        visible=False,
        columns=columns,
        allow_preview=False,
        object_fit="cover",
        height="auto",
        buttons=[],
        elem_id=elem_id,
    )


def status_html(message: str, kind: str = "info") -> str:
    """A short notice under a form; ``role=status`` so screen readers announce it."""
    if not message:
        return ""
    role = "alert" if kind == "error" else "status"
    return f'<p class="mm-note mm-{kind}" role="{role}">{text(message)}</p>'


def theme() -> gr.themes.Base:
    """Warm, friendly and readable: system fonts only (the app must work offline), strong contrast.

    The accent is orange-700 so white text on it and it on white both pass WCAG AA. Dark-mode values are
    pinned to the light ones: the pages are designed as warm paper, whatever the phone's setting.
    """
    look = gr.themes.Soft(
        primary_hue=gr.themes.colors.orange,
        secondary_hue=gr.themes.colors.teal,
        neutral_hue=gr.themes.colors.stone,
        radius_size=gr.themes.sizes.radius_lg,
        font=["ui-rounded", "Nunito", "Segoe UI", "system-ui", "sans-serif"],
        font_mono=["ui-monospace", "monospace"],
    ).set(
        body_background_fill="#fff8f0",
        color_accent="*primary_700",
        color_accent_soft="*primary_50",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="#ffffff",
        button_secondary_background_fill="#ffffff",
        button_secondary_border_color="*primary_300",
        button_secondary_text_color="*primary_800",
        checkbox_label_background_fill_selected="*primary_700",
        checkbox_label_text_color_selected="#ffffff",
        checkbox_background_color_selected="*primary_700",
        block_label_text_color="*neutral_700",
        block_title_text_color="*neutral_800",
        body_text_color_subdued="*neutral_600",
    )
    light = {name[: -len("_dark")]: name for name in vars(look) if name.endswith("_dark")}
    return look.set(**{dark: getattr(look, plain) for plain, dark in light.items() if hasattr(look, plain)})
