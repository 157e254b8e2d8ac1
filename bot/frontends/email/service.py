"""Inbound list traffic inside `wgbot run` (through background.start_background): the LMTP
endpoint when WGBOT_LMTP_LISTEN is set (and the IMAP poller when WGBOT_IMAP_HOST is set), all
feeding one `Inbound`, whose mail to the bot's own address goes to answer_by_reply."""

from __future__ import annotations

import logging
from typing import Protocol

from bot.app import App
from bot.config import ConfigError, Settings
from bot.core.messages import Platform
from bot.frontends.email.inbound import Inbound
from bot.frontends.email.replies import answer_by_reply
from bot.mail.mime import Post

log = logging.getLogger(__name__)


class Stoppable(Protocol):
    def stop(self) -> None: ...


def require_answer_secret(settings: Settings) -> None:
    """Mail to the bot's own address is answered (keyword replies, confirm links): that needs
    WGBOT_EMAIL_LINK_SECRET; there is no built-in key to fall back on."""
    secret = settings.wgbot_email_link_secret
    if settings.wgbot_email_from and (secret is None or not secret.get_secret_value()):
        raise ConfigError(
            "WGBOT_EMAIL_LINK_SECRET is not set: answering email (keyword replies, signed "
            "links) needs it. Set it to a long random value (e.g. `openssl rand -hex 32`), or "
            "unset WGBOT_EMAIL_FROM to receive list posts only."
        )


def start_inbound(app: App) -> list[Stoppable]:
    """Start what the settings ask for; returns what to stop on shutdown."""
    settings = app.settings
    require_answer_secret(settings)
    delivery = app.dispatcher.deliveries.get(Platform.EMAIL)  # the process's one SMTP port

    def on_reply(post: Post) -> None:
        answer_by_reply(post, app=app, delivery=delivery)

    inbound = Inbound(app.database, settings, on_reply=on_reply)
    started: list[Stoppable] = []
    if settings.wgbot_lmtp_listen:
        from bot.frontends.email.lmtp import LMTPServer

        server = LMTPServer(
            inbound, settings.wgbot_lmtp_listen, max_bytes=settings.wgbot_email_max_bytes
        )
        server.start()
        started.append(server)
    if settings.wgbot_imap_host:
        from bot.frontends.email.imap import start_poller

        poller = start_poller(settings, app.database, inbound.ingest)
        if poller is not None:
            started.append(poller)
    return started
