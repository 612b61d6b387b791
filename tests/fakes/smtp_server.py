"""A real SMTP server on 127.0.0.1 (aiosmtpd) whose received messages tests can read.

>>> with LocalSmtpServer() as smtp:                     # doctest: +SKIP
...     studio = Studio(make_settings(tmp_path, **smtp.settings()))
...     smtp.wait_for(1)[0]["Subject"]
"""

from __future__ import annotations

import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

LINK = re.compile(r"https?://[^\s\"<>]+\?token=[A-Za-z0-9_\-]+")


@dataclass
class Received:
    """One message as it arrived: the raw bytes and the parsed email."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        assert part is not None
        return str(part.get_content())

    def link(self) -> str:
        found = LINK.search(self.text())
        assert found, f"no link in: {self.text()}"
        return found.group(0)

    def token(self) -> str:
        return self.link().split("token=", 1)[1]


class _Handler:
    def __init__(self, server: LocalSmtpServer) -> None:
        self._server = server

    async def handle_RCPT(
        self, server: Any, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self._server.refuse_with:
            return self._server.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self._server.lock:
            self._server.received.append(
                Received(str(envelope.mail_from), list(envelope.rcpt_tos), raw, parsed)
            )
        return "250 Message accepted for delivery"


class LocalSmtpServer:
    """Start/stop on a fixed loopback port, so a "down" server can come back at the same address."""

    def __init__(
        self,
        *,
        implicit_tls: ssl.SSLContext | None = None,
        starttls: ssl.SSLContext | None = None,
        login: tuple[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.refuse_with: str | None = None  # e.g. "451 try later" or "550 no such user"
        self._implicit_tls = implicit_tls
        self._starttls = starttls
        self._login = login
        self._controller: Controller | None = None

    def settings(self, security: str = "none") -> dict[str, object]:
        """Settings overrides that point Memory Maker at this server."""
        values: dict[str, object] = {
            "smtp_host": "127.0.0.1",
            "smtp_port": self.port,
            "smtp_security": security,
            "mail_from": "Memory Maker <books@memory-maker.test>",
            "public_url": "http://books.memory-maker.test",
            "mail_retry_base_s": 0.01,
        }
        if self._login:
            values.update(smtp_username=self._login[0], smtp_password=self._login[1])
        return values

    def start(self) -> LocalSmtpServer:
        kwargs: dict[str, Any] = {"enable_SMTPUTF8": True}
        if self._starttls is not None:
            kwargs.update(tls_context=self._starttls, require_starttls=True)
        if self._login is not None:
            kwargs.update(authenticator=self._authenticate, auth_require_tls=self._starttls is not None)
        self._controller = Controller(
            _Handler(self),
            hostname="127.0.0.1",
            port=self.port,
            ssl_context=self._implicit_tls,
            server_hostname="localhost",
            **kwargs,
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The first ``count`` messages, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received[:count])
            time.sleep(0.02)
        raise AssertionError(f"expected {count} message(s), got {len(self.received)}")

    def _authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and (
                auth_data.login.decode(),
                auth_data.password.decode(),
            )
            == self._login
        )
        return AuthResult(success=ok, handled=False)  # handled=True would leave the client hanging

    def __enter__(self) -> LocalSmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
