"""Inbound list traffic inside `wgbot run`: the LMTP endpoint when WGBOT_LMTP_LISTEN is set
(and the IMAP poller when WGBOT_IMAP_HOST is set), all feeding one `Inbound`."""

from __future__ import annotations

import logging
from typing import Protocol

from bot.app import App
from bot.frontends.email.inbound import Inbound

log = logging.getLogger(__name__)


class Stoppable(Protocol):
    def stop(self) -> None: ...


def start_inbound(app: App) -> list[Stoppable]:
    """Start what the settings ask for; returns what to stop on shutdown."""
    settings = app.settings
    inbound = Inbound(app.database, settings)
    started: list[Stoppable] = []
    if settings.wgbot_lmtp_listen:
        from bot.frontends.email.lmtp import LMTPServer

        server = LMTPServer(
            inbound, settings.wgbot_lmtp_listen, max_bytes=settings.wgbot_email_max_bytes
        )
        server.start()
        started.append(server)
    if settings.wgbot_imap_host:
        from bot.frontends.email.imap_loop import start_poller

        poller = start_poller(settings, app.database, inbound.ingest)
        if poller is not None:
            started.append(poller)
    return started
