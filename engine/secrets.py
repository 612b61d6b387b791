"""Password hashing and opaque tokens: only hashes are ever stored."""

from __future__ import annotations

import hashlib
import secrets

from passlib.context import CryptContext

# argon2id for every new hash; older bcrypt hashes still verify and are rehashed on the next sign-in.
_passwords = CryptContext(schemes=["argon2", "bcrypt"], deprecated="auto")
BCRYPT_MAX_BYTES = 72


def hash_password(password: str) -> str:
    return str(_passwords.hash(password))


def verify_password(password: str, stored_hash: str) -> tuple[bool, str | None]:
    """Check a password; the second item is a fresh argon2id hash when the stored one is outdated."""
    secret: str | bytes = password
    if stored_hash.startswith(("$2a$", "$2b$", "$2y$")):
        # bcrypt only ever read the first 72 bytes; bcrypt 5 refuses longer input instead of ignoring it.
        secret = password.encode("utf-8")[:BCRYPT_MAX_BYTES]
    try:
        ok, _ = _passwords.verify_and_update(secret, stored_hash)
    except ValueError:
        return False, None
    if ok and _passwords.needs_update(stored_hash):
        return True, hash_password(password)
    return ok, None


def new_token() -> str:
    """32 random bytes, URL-safe: what the family's browser holds."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256 of a token, which is all the database keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def dummy_verify() -> None:
    """Spend the time of a real check, so an unknown email answers as slowly as a known one."""
    _passwords.dummy_verify()
