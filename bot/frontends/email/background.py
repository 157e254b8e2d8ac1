"""What the email front end runs inside `wgbot run`, beside whichever chat front end it serves
(started through front_end.py, each only when its settings are present): the answer links'
HTTP endpoint (web.py) when WGBOT_EMAIL_LINK_SECRET and WGBOT_PUBLIC_URL are set, and the
inbound list traffic: the LMTP endpoint (lmtp.py) when WGBOT_LMTP_LISTEN is set and the IMAP
poller (imap.py) when WGBOT_IMAP_HOST is, both feeding one `Inbound`, whose mail to the bot's
own address goes to answer_by_reply (replies.py). Also how their `host:port` settings read."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.app import App
from bot.config import ConfigError, Settings
from bot.core.messages import Platform
from bot.frontends.email import make_link_signer
from bot.frontends.email.inbound import Inbound
from bot.frontends.email.replies import answer_by_reply
from bot.mail.mime import Post

log = logging.getLogger(__name__)


def parse_listen(value: str) -> tuple[str, int]:
    """`host:port` (`[::1]:8090` for IPv6); `:port` listens on 127.0.0.1 only: every
    interface (`0.0.0.0`) must be named, never a default."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"{value[:60]!r}: write host:port, e.g. 127.0.0.1:8090")
    return host.strip("[]") or "127.0.0.1", int(port)


def start_background(app: App) -> list[Callable[[], None]]:
    """Starts what is configured; returns how to stop each (tests, orderly shutdown)."""
    stoppers: list[Callable[[], None]] = []
    signer = make_link_signer(app.settings)
    if signer is not None:
        from bot.frontends.email.web import LinkServer

        host, port = parse_listen(app.settings.wgbot_email_http_listen)
        server = LinkServer(app, signer, host, port)
        bound = server.start()
        log.info("email answer links served on %s:%d (%s)", host, bound, signer.base)
        stoppers.append(server.stop)
    if app.settings.wgbot_lmtp_listen or app.settings.wgbot_imap_host:
        stoppers += start_inbound(app)  # list traffic in
    return stoppers


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


def start_inbound(app: App) -> list[Callable[[], None]]:
    """The LMTP endpoint and the IMAP poller the settings ask for; returns how to stop each."""
    settings = app.settings
    require_answer_secret(settings)
    delivery = app.dispatcher.deliveries.get(Platform.EMAIL)  # the process's one SMTP port

    def on_reply(post: Post) -> None:
        answer_by_reply(post, app=app, delivery=delivery)

    inbound = Inbound(app.database, settings, on_reply=on_reply)
    stoppers: list[Callable[[], None]] = []
    if settings.wgbot_lmtp_listen:
        from bot.frontends.email.lmtp import LMTPServer

        host, port = parse_listen(settings.wgbot_lmtp_listen)
        server = LMTPServer(inbound, host, port, max_bytes=settings.wgbot_email_max_bytes)
        server.start()
        stoppers.append(server.stop)
    if settings.wgbot_imap_host:
        from bot.frontends.email.imap import start_poller

        poller = start_poller(settings, app.database, inbound.ingest)
        if poller is not None:
            stoppers.append(poller.stop)
    return stoppers
