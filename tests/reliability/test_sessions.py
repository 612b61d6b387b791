"""Sessions over HTTP: tokens are long, random and never repeat; signing out and changing the password
revoke them at once; no password or token is written to the app's log or its database file."""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import httpx
import pytest

from engine import CharacterSpec, Studio
from tests.app_server import AppServer, Family
from tests.reliability.conftest import sign_in, sign_up
from tests.reliability.figures import record
from tests.reliability.gradio_session import GradioSession, handlers

pytestmark = [pytest.mark.reliability, pytest.mark.slow]
URLSAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
PASSWORDS = ("Quokka-Lantern-Password-5521", "Marmot-Beacon-Password-8830", "Ibis-Harbour-Password-2207")
SIGN_INS = 24


def bits_per_char(tokens: list[str]) -> float:
    """Shannon entropy of the characters of all tokens together (6.0 is the most a URL-safe token has)."""
    counts = Counter("".join(tokens))
    total = sum(counts.values())
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def works(server: AppServer, token: str, portrait: int) -> bool:
    """Whether ``token`` is a live session: the family's own portrait is served to it."""
    response = httpx.get(
        f"{server.url}/media/images/{portrait}.webp", cookies={"mm_session": token}, timeout=30
    )
    return response.status_code == 200


def account_answer(server: AppServer, token: str) -> str:
    """What the Account tab's refresh says to this session (its name, or "Please sign in again.")."""
    refresh = next(h for h in handlers(server.url) if h.api_name == "refresh_account")
    with GradioSession(server.url, token) as tab:
        return str(tab.call(refresh.fn_index, []).output)


@pytest.fixture(scope="module")
def owner(quiet_app: AppServer, quiet_studio: Studio) -> tuple[Family, int]:
    family = sign_up(quiet_app, quiet_studio, "owner@example.org", "Olive Owner", PASSWORDS[0])
    portrait = quiet_studio.characters.create(
        family.user, CharacterSpec(name="Pim", kind="cat")
    ).portrait_image_id
    assert portrait is not None
    return family, portrait


def test_session_tokens_are_long_random_and_never_repeat(
    quiet_app: AppServer, owner: tuple[Family, int]
) -> None:
    family, _ = owner
    answers = [sign_in(quiet_app, family.email, family.password) for _ in range(SIGN_INS)]
    tokens = [str(a.cookies["mm_session"]) for a in answers]
    set_cookie = answers[0].headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie and "path=/" in set_cookie
    assert len(set(tokens)) == SIGN_INS
    assert all(len(token) >= 43 and set(token) <= URLSAFE for token in tokens)
    entropy = bits_per_char(tokens)
    assert entropy > 5.6, f"{entropy:.2f} bits per character"
    assert min(len(token) for token in tokens) * entropy >= 128, "at least 128 bits per token"
    for a, b in combinations(tokens, 2):
        assert a[:6] != b[:6], "no shared prefix"
        assert sum(x == y for x, y in zip(a, b, strict=False)) < len(a) // 4, "no shared positions"
    assert family.email not in "".join(tokens)


def test_signing_out_ends_that_session_at_once_and_only_that_one(
    quiet_app: AppServer, owner: tuple[Family, int]
) -> None:
    family, portrait = owner
    phone = str(sign_in(quiet_app, family.email, family.password).cookies["mm_session"])
    laptop = str(sign_in(quiet_app, family.email, family.password).cookies["mm_session"])
    assert works(quiet_app, phone, portrait) and works(quiet_app, laptop, portrait)
    out = httpx.post(f"{quiet_app.url}/auth/logout", cookies={"mm_session": phone}, timeout=30)
    assert out.status_code == 200 and 'mm_session=""' in out.headers["set-cookie"]
    assert not works(quiet_app, phone, portrait)
    assert "Please sign in again" in account_answer(quiet_app, phone)
    assert works(quiet_app, laptop, portrait) and "Olive Owner" not in account_answer(quiet_app, phone)
    change = {"old_password": family.password, "new_password": "whatever-new-password"}
    refused = httpx.post(
        f"{quiet_app.url}/auth/password", json=change, cookies={"mm_session": phone}, timeout=30
    )
    assert refused.status_code == 401, "a signed-out session can't change the password"


def test_changing_the_password_signs_out_every_other_device(
    quiet_app: AppServer, owner: tuple[Family, int]
) -> None:
    family, portrait = owner
    devices = [str(sign_in(quiet_app, family.email, PASSWORDS[0]).cookies["mm_session"]) for _ in range(3)]
    change = {"old_password": PASSWORDS[0], "new_password": PASSWORDS[1]}
    changed = httpx.post(
        f"{quiet_app.url}/auth/password", json=change, cookies={"mm_session": devices[0]}, timeout=30
    )
    assert changed.status_code == 200, changed.text
    fresh = str(changed.cookies["mm_session"])
    assert works(quiet_app, fresh, portrait)
    assert not any(works(quiet_app, token, portrait) for token in devices)
    assert sign_in(quiet_app, family.email, PASSWORDS[0]).status_code == 401
    assert sign_in(quiet_app, family.email, PASSWORDS[1]).status_code == 200
    back = {"old_password": PASSWORDS[1], "new_password": PASSWORDS[2]}
    again = httpx.post(f"{quiet_app.url}/auth/password", json=back, cookies={"mm_session": fresh}, timeout=30)
    assert again.status_code == 200 and not works(quiet_app, fresh, portrait)


def test_no_password_or_token_is_in_the_log_or_the_database_file(
    quiet_app: AppServer, owner: tuple[Family, int]
) -> None:
    family, _ = owner
    answers = [sign_in(quiet_app, family.email, p) for p in PASSWORDS]  # whichever is current now
    token = next(str(a.cookies["mm_session"]) for a in answers if a.status_code == 200)
    secrets = [p.encode() for p in PASSWORDS] + [token.encode()]
    files = [quiet_app.log_path, *quiet_app.data_dir.glob("memory-maker.db*")]
    found = [f"{path.name}: {s.decode()[:8]}…" for path in files for s in secrets if s in path.read_bytes()]
    record("test_sessions", leaks=len(found), secrets_checked=len(secrets) * len(files))
    assert len(files) >= 2 and found == []
