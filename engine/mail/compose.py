"""Turning a letter into a standards-clean email: plain text plus simple HTML, any script, no tracking.

The words live in ``messages.toml``; Python's ``email`` package does the encoding (RFC 2047 headers,
UTF-8 bodies), so names like "Zoë 中文 🦊" arrive as they were typed.
"""

from __future__ import annotations

import html
import tomllib
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from functools import cache
from pathlib import Path
from string import Template

MESSAGES = Path(__file__).with_name("messages.toml")


@dataclass(frozen=True)
class Letter:
    """What to send to whom: ``Letter("reset", "ann@example.org", "Ann", {"link": "https://…"})``."""

    kind: str
    to_address: str
    to_name: str
    values: dict[str, str] = field(default_factory=dict)


@cache
def templates() -> dict[str, dict[str, str]]:
    with MESSAGES.open("rb") as fh:
        return tomllib.load(fh)


def compose(letter: Letter, *, sender: str, site: str) -> EmailMessage:
    """The email for ``letter`` from ``sender`` (MAIL_FROM); ``site`` is PUBLIC_URL."""
    words = templates()[letter.kind]
    plain = {k: single_line(v) for k, v in {**letter.values, "name": letter.to_name, "site": site}.items()}
    escaped = {k: html.escape(v, quote=True) for k, v in plain.items()}
    body = Template(words["html"]).substitute(escaped)
    page = Template(templates()["layout"]["html"]).substitute(body=body, site=escaped["site"])
    local, _, domain = ascii_domain(letter.to_address).rpartition("@")
    # A non-ASCII mailbox name needs SMTPUTF8 end to end; everything else stays plain 7-bit headers.
    message = EmailMessage(policy=policy.SMTP if local.isascii() else policy.SMTPUTF8)
    message["Subject"] = Template(words["subject"]).substitute(plain)
    message["From"] = sender
    message["To"] = Address(display_name=plain["name"], username=local, domain=domain)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=_domain_of(sender))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to us
    message.set_content(Template(words["text"]).substitute(plain), charset="utf-8")
    message.add_alternative(page, subtype="html", charset="utf-8")
    return message


def single_line(value: str) -> str:
    """Control characters (newlines too) become spaces, so a name can never add a header line."""
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in value)
    return " ".join(cleaned.split())


def ascii_domain(address: str) -> str:
    """``ann@bücher.de`` → ``ann@xn--bcher-kva.de``: every server understands the IDNA form."""
    local, _, domain = address.rpartition("@")
    try:
        domain.encode("ascii")
    except UnicodeEncodeError:
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def _domain_of(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "localhost"
