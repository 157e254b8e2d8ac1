"""Delivery ports by platform: the console's (prints), and Slack's and Discord's, loaded by
name when their packages and tokens are present (they are optional parts of a build)."""

from __future__ import annotations

import importlib
import itertools
import logging
import sys
from datetime import datetime
from typing import Protocol, TextIO, runtime_checkable

from bot.config import Settings
from bot.core.messages import Platform, Reply
from bot.core.outbox import DELIVERY_KEY
from bot.core.ports import DeliveryError, DeliveryPort, Recipient
from bot.core.render_text import render_text

log = logging.getLogger(__name__)

__all__ = ["DELIVERY_KEY", "ConsoleDelivery", "ReconcilingPort", "load_ports"]


@runtime_checkable
class ReconcilingPort(Protocol):
    """A port that can tell whether the message with this outbox key is already on the
    platform (Slack message metadata, a Discord nonce and footer, an email Message-ID).
    With it, a message that may have gone out is looked up, never blindly sent again.

    `find_sent` looks at what reached `to` since `since` (the claim): the platform's message
    id when every part of the message is there; None when none is (send it); when only some
    parts are, it remembers them and returns None, and `send` posts only the rest. It raises
    DeliveryError (with `retry_after` when paced or rate-limited) when it cannot tell now:
    the message then stays unknown and is looked up again later."""

    def find_sent(self, to: Recipient, delivery_key: str, since: datetime) -> str | None: ...


class ConsoleDelivery:
    """Prints what would be posted: the console front end, dry runs, local trials."""

    platform = Platform.CONSOLE

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out
        self._ids = itertools.count(1)

    def send(self, to: Recipient, reply: Reply) -> str:
        out = self.out or sys.stdout
        print(f"→ {to.kind.value} {to.id} on the console:", file=out)
        print(render_text(reply), file=out)
        print(file=out, flush=True)
        return f"console-{next(self._ids)}"


def load_ports(
    settings: Settings, console_out: TextIO | None = None
) -> dict[Platform, DeliveryPort]:
    """The console always; Slack and Discord when their token is set, email when
    WGBOT_SMTP_HOST is, and their package has `make_delivery(settings)`. A missing package is
    logged, not fatal: its messages stay unclaimed for a process that can send them."""
    ports: dict[Platform, DeliveryPort] = {Platform.CONSOLE: ConsoleDelivery(console_out)}
    wanted = {
        Platform.SLACK: settings.slack_bot_token is not None or settings.slack_oauth,
        Platform.DISCORD: settings.discord_token is not None,
        Platform.EMAIL: bool(settings.wgbot_smtp_host),
    }
    for platform, configured in wanted.items():
        if not configured:
            continue
        try:
            module = importlib.import_module(f"bot.frontends.{platform.value}")
            ports[platform] = module.make_delivery(settings)
        except (ImportError, AttributeError, DeliveryError) as exc:
            log.warning("no %s delivery in this build (%s): its messages wait", platform, exc)
    return ports
