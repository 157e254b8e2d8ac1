"""The one list of front ends, and the delivery ports a process builds from it (one each).

A platform's package may be left out of a build (its library not installed): it is then
skipped with a log line, and its messages stay unclaimed for a process that can send them.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from bot.core.messages import Platform
from bot.core.ports import DeliveryError, DeliveryPort
from bot.frontends.base import FrontEnd

if TYPE_CHECKING:
    from bot.core.settings import CommandSettings

log = logging.getLogger(__name__)


class FrontEndMissing(Exception):
    """The platform's package (or its library) is not installed in this build."""


def _slack() -> FrontEnd:
    from bot.frontends.slack import FRONT_END

    return FRONT_END


def _discord() -> FrontEnd:
    from bot.frontends.discord import FRONT_END

    return FRONT_END


def _email() -> FrontEnd:
    from bot.frontends.email.front_end import FRONT_END

    return FRONT_END


def _console() -> FrontEnd:
    from bot.frontends.console import FRONT_END

    return FRONT_END


# Loaded on first use: `wgbot --help` loads no platform library.
FRONT_ENDS: dict[Platform, Callable[[], FrontEnd]] = {
    Platform.SLACK: _slack,
    Platform.DISCORD: _discord,
    Platform.EMAIL: _email,
    Platform.CONSOLE: _console,
}
# What `wgbot run` serves, in this order: chat front ends (email serves beside them).
CHAT_PLATFORMS = (Platform.SLACK, Platform.DISCORD, Platform.CONSOLE)


def front_end(platform: Platform) -> FrontEnd:
    """The platform's front end; FrontEndMissing when its package is not in this build."""
    try:
        end = FRONT_ENDS[platform]()
    except ImportError as exc:
        raise FrontEndMissing(f"the {platform} front end is not installed ({exc})") from exc
    missing = [name for name in end.requires if importlib.util.find_spec(name) is None]
    if missing:
        raise FrontEndMissing(f"the {platform} front end needs {', '.join(missing)}")
    return end


def pick_chat(settings: CommandSettings, forced: str | None = None) -> list[Platform]:
    """The chat front ends the settings ask for (`--platform` forces one), else the console.
    Decided from the settings alone: no platform library is loaded to decide."""
    if forced:
        return [Platform(forced)]
    picked: list[Platform] = [
        p for p in CHAT_PLATFORMS if p is not Platform.CONSOLE and _asked(settings, p)
    ]
    return picked or [Platform.CONSOLE]


def _asked(settings: CommandSettings, platform: Platform) -> bool:
    return FRONT_ENDS[platform]().configured(settings)


def delivery_ports(
    settings: CommandSettings, console_out: TextIO | None = None
) -> dict[Platform, DeliveryPort]:
    """One delivery port per configured platform, and the console's always (printing to
    `console_out`, else stdout). Build it once per process and share it: the scheduler, the
    send-now queue, email and `/wg email` all send through these."""
    ports: dict[Platform, DeliveryPort] = {}
    for platform in FRONT_ENDS:
        try:
            end = front_end(platform)
            if platform is Platform.CONSOLE:
                from bot.frontends.console import ConsoleDelivery

                ports[platform] = ConsoleDelivery(console_out)
            elif end.configured(settings):
                ports[platform] = end.delivery(settings)
        except (FrontEndMissing, DeliveryError) as exc:
            log.warning("no %s delivery in this build (%s): its messages wait", platform, exc)
    return ports
