"""The LMTP endpoint a mail server delivers list traffic to (WGBOT_LMTP_LISTEN=host:port):
aiosmtpd's LMTP server on its own thread (started by background.py), each message handed to
`Inbound.ingest`.

LMTP answers once per recipient after DATA. A message taken in (kept, or skipped and counted)
is accepted for every recipient: bouncing list mail back to a list helps nobody. Only when the
database fails is it deferred (451), so the mail server keeps it and retries: nothing is lost.
The database work runs on a worker thread, never on the server's event loop."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from bot.frontends.email.inbound import Inbound

log = logging.getLogger(__name__)

SOURCE = "lmtp"


class IngestHandler:
    """aiosmtpd's handler: DATA → ingest, one reply line per recipient."""

    def __init__(self, inbound: Inbound, source: str = SOURCE) -> None:
        self.inbound = inbound
        self.source = source

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        recipients = envelope.rcpt_tos or [""]
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(None, self._ingest, raw)
        except Exception:
            log.exception("LMTP delivery from %s deferred: the database failed", session.peer)
            return "\r\n".join("451 4.3.0 Temporary failure: try again later" for _ in recipients)
        return "\r\n".join(f"250 2.0.0 <{rcpt}> taken in ({result.outcome})" for rcpt in recipients)

    def _ingest(self, raw: bytes) -> Any:
        return self.inbound.ingest(raw, source=self.source)


class _LMTP(LMTP):
    # RFC 5321 allows 1,000 characters a line and mail servers wrap to it (Postfix's
    # lmtp_line_length_limit), but a sender that does not should not lose a post: longer
    # lines are read (the message's size is still bounded by data_size_limit).
    line_length_limit = 1_000_000


class _LMTPController(Controller):
    def factory(self) -> LMTP:
        return _LMTP(self.handler, **self.SMTP_kwargs)


class LMTPServer:
    """Start and stop the endpoint."""

    def __init__(self, inbound: Inbound, host: str, port: int, *, max_bytes: int) -> None:
        # Bigger messages are refused by the protocol (552) before they fill memory; a little
        # over the skip limit, so a too-big post is still counted as such.
        self.controller = _LMTPController(
            IngestHandler(inbound),
            hostname=host,
            port=port,
            data_size_limit=max_bytes * 2,
            ready_timeout=10.0,
        )

    @property
    def port(self) -> int:
        return int(self.controller.port)

    @property
    def host(self) -> str:
        return str(self.controller.hostname)

    def start(self) -> None:
        self.controller.start()
        log.info("LMTP endpoint listening on %s:%s", self.host, self.port)

    def stop(self) -> None:
        self.controller.stop()
