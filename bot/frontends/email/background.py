"""Email services that run beside whichever front end `wgbot run` serves (Slack, Discord):
started from bot/cli.py, each only when its settings are present."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.app import App
from bot.frontends.email import make_link_signer
from bot.frontends.email.listen import parse_listen

log = logging.getLogger(__name__)


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
