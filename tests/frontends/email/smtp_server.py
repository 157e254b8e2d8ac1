"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd): plain, STARTTLS or implicit TLS with
certificates from a throwaway CA (trustme), optional AUTH PLAIN/LOGIN. It collects what it
receives, parsed by the standard library, and can be told to refuse a recipient (5xx or 4xx)
or a message.

Use the fixtures (tests/frontends/email/conftest.py imports them): `smtp_server` is a plain server
without AUTH; `start_smtp(security=..., users={...})` starts others for one test.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from bot.frontends.email.smtp import Security, SmtpConfig

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    authenticated_as: str | None

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Collector:
    """The aiosmtpd handler: keeps every accepted message; answers from `refuse` (recipient
    address → SMTP answer such as "550 5.1.1 no such user") and `refuse_data`."""

    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    refuse_data: str | None = None
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        answer = self.refuse.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse_data:
            return self.refuse_data
        login = session.auth_data.login.decode() if session.auth_data else None
        content = envelope.original_content or b""
        with self.arrived:
            self.received.append(
                Received(envelope.mail_from or "", tuple(envelope.rcpt_tos), content, login)
            )
            self.arrived.notify_all()
        return "250 2.0.0 Message accepted for delivery"


class _Authenticator:
    def __init__(self, users: dict[str, str]) -> None:
        self.users = users

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, password = data.login.decode(), data.password.decode()
            if self.users.get(login) == password:
                return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False)


@dataclass
class SmtpServer:
    port: int
    security: Security
    handler: Collector
    ca: trustme.CA
    controller: Controller

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts the test CA (and nothing else)."""
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context

    def config(self, **overrides: Any) -> SmtpConfig:
        values: dict[str, Any] = {
            "host": HOST,
            "port": self.port,
            "security": self.security,
            "timeout": 5.0,
            "tls_context": self.client_context(),
        }
        values.update(overrides)
        return SmtpConfig(**values)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self.handler.arrived:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.handler.arrived.wait(left)
        return list(self.received)


class _Controller(Controller):  # type: ignore[misc]
    def factory(self) -> SMTP:
        # Implicit TLS with AUTH: aiosmtpd warns that AUTH does not require (its own) TLS.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return super().factory()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_server(
    ca: trustme.CA,
    security: Security = Security.NONE,
    users: dict[str, str] | None = None,
    mechanisms: tuple[str, ...] = ("PLAIN", "LOGIN"),
) -> SmtpServer:
    cert = ca.issue_cert(HOST, "localhost")
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_context)
    handler = Collector()
    kwargs: dict[str, Any] = {"hostname": HOST, "port": free_port(), "ready_timeout": 10.0}
    if security is Security.SSL:
        kwargs["ssl_context"] = server_context
    if security is Security.STARTTLS:
        kwargs["tls_context"] = server_context
        kwargs["require_starttls"] = True
    if users is not None:
        kwargs["authenticator"] = _Authenticator(users)
        kwargs["auth_required"] = True
        # aiosmtpd only knows of TLS it started itself (STARTTLS); implicit TLS is TLS too.
        kwargs["auth_require_tls"] = security is Security.STARTTLS
        kwargs["auth_exclude_mechanism"] = [m for m in ("PLAIN", "LOGIN") if m not in mechanisms]
    for attempt in range(3):
        try:
            controller = _Controller(handler, **kwargs)
            controller.start()
            break
        except (OSError, RuntimeError):
            # Another xdist worker took the free port between the probe and the bind.
            if attempt == 2:
                raise
            kwargs["port"] = free_port()
    return SmtpServer(kwargs["port"], security, handler, ca, controller)


@pytest.fixture(scope="session")
def smtp_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def start_smtp(smtp_ca: trustme.CA) -> Iterator[Callable[..., SmtpServer]]:
    """`start_smtp(security=Security.STARTTLS, users={"bot": "pw"})` → a running server,
    stopped after the test."""
    running: list[SmtpServer] = []

    def start(
        security: Security = Security.NONE,
        users: dict[str, str] | None = None,
        mechanisms: tuple[str, ...] = ("PLAIN", "LOGIN"),
    ) -> SmtpServer:
        server = start_server(smtp_ca, security, users, mechanisms)
        running.append(server)
        return server

    yield start
    for server in running:
        server.controller.stop()


@pytest.fixture
def smtp_server(start_smtp: Callable[..., SmtpServer]) -> SmtpServer:
    """A plain SMTP server without AUTH on 127.0.0.1."""
    return start_smtp()
