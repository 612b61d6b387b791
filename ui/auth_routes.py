"""The JSON routes that set and clear the session cookie: sign in, sign up, guest, password, sign out.

They are the only places a password reaches the server (see ``ui/common.py`` for why), and they answer
``{"error": message}`` with the engine's parent-readable message when something is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from engine import AuthError, LoginSession, MemoryMakerError, Studio
from ui.common import KIND_MESSAGE, SESSION_COOKIE, session_token

log = logging.getLogger(__name__)
MAX_FIELD = 1000


class Credentials(BaseModel):
    email: str = Field(default="", max_length=MAX_FIELD)
    password: str = Field(default="", max_length=MAX_FIELD)
    display_name: str = Field(default="", max_length=MAX_FIELD)


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


def _answer(action: Callable[[], LoginSession | None], request: Request) -> Response:
    """Run one account action; a session it returns becomes the cookie."""
    try:
        session = action()
    except AuthError as err:
        return JSONResponse({"error": err.message}, status_code=401)
    except MemoryMakerError as err:
        return JSONResponse({"error": err.message}, status_code=400)
    except Exception:
        log.exception("account action failed")
        return JSONResponse({"error": KIND_MESSAGE}, status_code=500)
    response = JSONResponse({"ok": True})
    if session is not None:
        set_session_cookie(response, request, session)
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

    @router.post("/logout")
    def logout(request: Request) -> Response:
        token = session_token(request)
        if token:
            accounts.logout(token)
        response = JSONResponse({"ok": True})
        clear_session_cookie(response, request)
        return response

    return router
