"""The JSON routes that set and clear the session cookie: sign in, sign up, guest, password, sign out,
and getting back in by email (ask for a reset link, choose a new password).

They are the only places a password reaches the server (see ``ui/common.py`` for why), and they answer
``{"error": message}`` with the engine's parent-readable message when something is refused, or
``{"ok": true, "message": ...}`` when there is something to tell the family.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from engine import AuthError, LoginSession, MemoryMakerError, Studio
from ui.common import KIND_MESSAGE, SESSION_COOKIE, client_address, session_token

log = logging.getLogger(__name__)
MAX_FIELD = 1000
PASSWORD_RESET = "Password changed. Please sign in with your new password."


class Credentials(BaseModel):
    email: str = Field(default="", max_length=MAX_FIELD)
    password: str = Field(default="", max_length=MAX_FIELD)
    display_name: str = Field(default="", max_length=MAX_FIELD)


class ResetRequest(BaseModel):
    email: str = Field(default="", max_length=MAX_FIELD)


class NewPassword(BaseModel):
    token: str = Field(default="", max_length=MAX_FIELD)
    new_password: str = Field(default="", max_length=MAX_FIELD)


class PasswordChange(BaseModel):
    old_password: str = Field(default="", max_length=MAX_FIELD)
    new_password: str = Field(default="", max_length=MAX_FIELD)


def is_https(request: Request) -> bool:
    proto = (request.headers.get("x-forwarded-proto") or request.url.scheme).split(",")[0].strip()
    return proto == "https"


def set_session_cookie(response: Response, request: Request, session: LoginSession) -> None:
    """HttpOnly always; over HTTPS also ``Secure; SameSite=None; Partitioned`` so a Space iframe works."""
    secure = is_https(request)
    max_age = max(60, int((session.expires_at - datetime.now(UTC)).total_seconds()))
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=secure,
        samesite="none" if secure else "lax",
        partitioned=secure,
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    secure = is_https(request)
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        secure=secure,
        samesite="none" if secure else "lax",
    )


def _answer(action: Callable[[], LoginSession | str | None], request: Request) -> Response:
    """Run one account action; a session it returns becomes the cookie, a text is shown to the family."""
    try:
        outcome = action()
    except AuthError as err:
        return JSONResponse({"error": err.message}, status_code=401)
    except MemoryMakerError as err:
        return JSONResponse({"error": err.message}, status_code=400)
    except Exception:
        log.exception("account action failed")
        return JSONResponse({"error": KIND_MESSAGE}, status_code=500)
    if isinstance(outcome, str):
        return JSONResponse({"ok": True, "message": outcome})
    response = JSONResponse({"ok": True})
    if outcome is not None:
        set_session_cookie(response, request, outcome)
    return response


def auth_router(studio: Studio) -> APIRouter:
    """``app.include_router(auth_router(studio))`` adds ``POST /auth/...``."""
    router = APIRouter(prefix="/auth")
    accounts = studio.accounts

    @router.post("/login")
    def login(body: Credentials, request: Request) -> Response:
        return _answer(lambda: accounts.login(body.email, body.password), request)

    @router.post("/register")
    def register(body: Credentials, request: Request) -> Response:
        def run() -> LoginSession:
            accounts.register(body.email, body.password, body.display_name or None)
            return accounts.login(body.email, body.password)

        return _answer(run, request)

    @router.post("/guest")
    def guest(request: Request) -> Response:
        def run() -> LoginSession:
            if not studio.settings.guest_mode:
                raise AuthError("Guest mode is switched off here. Please create an account.")
            return accounts.start_guest()

        return _answer(run, request)

    @router.post("/save-guest")
    def save_guest(body: Credentials, request: Request) -> Response:
        def run() -> None:
            user = accounts.authenticate(session_token(request))
            accounts.save_guest(user, body.email, body.password, body.display_name or None)

        return _answer(run, request)

    @router.post("/password")
    def change_password(body: PasswordChange, request: Request) -> Response:
        def run() -> LoginSession:
            user = accounts.authenticate(session_token(request))
            return accounts.change_password(user, body.old_password, body.new_password)

        return _answer(run, request)

    @router.post("/forgot")
    def forgot(body: ResetRequest, request: Request) -> Response:
        return _answer(lambda: accounts.request_password_reset(body.email, client_address(request)), request)

    @router.post("/reset")
    def reset(body: NewPassword, request: Request) -> Response:
        def run() -> str:
            accounts.reset_password(body.token, body.new_password)
            return PASSWORD_RESET

        response = _answer(run, request)
        if response.status_code == 200:
            clear_session_cookie(response, request)  # every session of that account has just ended
        return response

    @router.post("/logout")
    def logout(request: Request) -> Response:
        token = session_token(request)
        if token:
            accounts.logout(token)
        response = JSONResponse({"ok": True})
        clear_session_cookie(response, request)
        return response

    return router


def link_router() -> APIRouter:
    """``GET /reset?token=…`` and ``/confirm?token=…`` (the emailed links) open the app's own page for them.

    Nothing is used up here: the reset page asks for the new password first, and a mail scanner that
    follows a link only lands on a page.
    """
    router = APIRouter()
    private = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}

    @router.get("/reset")
    def reset_page(token: str = "") -> Response:
        return RedirectResponse(f"/?{urlencode({'reset': token[:200]})}", status_code=303, headers=private)

    @router.get("/confirm")
    def confirm_page(token: str = "") -> Response:
        return RedirectResponse(f"/?{urlencode({'confirm': token[:200]})}", status_code=303, headers=private)

    return router
