"""Email services that run beside whichever front end `wgbot run` serves (Slack, Discord):
started from bot/cli.py, each only when its settings are present."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.app import App
from bot.frontends.email import make_link_signer

log = logging.getLogger(__name__)


def parse_listen(value: str) -> tuple[str, int]:
    """`host:port` (`[::1]:8090` for IPv6)."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"{value[:60]!r}: write host:port, e.g. 127.0.0.1:8090")
    return host.strip("[]") or "0.0.0.0", int(port)


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
        from bot.frontends.email.service import start_inbound  # list traffic in

        stoppers += [service.stop for service in start_inbound(app)]
    return stoppers
