"""The front-end contract: what a platform package implements, all in this one file.

A front end is a package `bot/frontends/<platform>/` whose `__init__.py` offers `FRONT_END`, an
instance of a `FrontEnd` subclass. `bot/frontends/registry.py` lists them; `wgbot run`, the
scheduler's processes and the email services find front ends only through it.

A front end translates between its platform and the neutral core (bot/core/messages.py): it
turns platform events into `Invocation`s for the dispatcher and renders `Reply`s back. Some do
a little more, each said in its package's docstring (Slack queues the record's backfills and
re-runs a summary from a button; email answers replies to its nudges by mail).

The core never imports a front end: it sees the ports below (bot/core/ports.py), which a front
end hands over. The scheduler and the commands see only those ports too.
"""

from __future__ import annotations

import argparse
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from bot.core.ports import (
    DeliveryPort,
    HistoryPager,
    HistoryReader,
    ReconcilingPort,
    TimezonePort,
)

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.messages import Platform
    from bot.core.settings import CommandSettings

__all__ = [
    "DeliveryPort",
    "FrontEnd",
    "HistoryPager",
    "HistoryReader",
    "ReconcilingPort",
    "Stopper",
    "TimezonePort",
]

Stopper = Callable[[], None]  # stops what a front end started beside the others


class FrontEnd(ABC):
    """One platform.

    ----------------------------------------------------------------------------------------
    SPECIFICS TO IMPLEMENT PER FRONT END
    ----------------------------------------------------------------------------------------
    `platform`      the `Platform` it serves (bot/core/messages.py); one front end each.
    `requires`      the libraries it needs (their import names), looked for before it is used.
    `configured`    whether the settings ask for it (its token, or its server, is set).
                    `wgbot run` serves the chat front ends that are configured; the console
                    is served when none is.
    `delivery`      the port the scheduler sends through, outside any command (nudges,
                    reminders, welcomes): `send(to, reply) -> message id`, synchronous (it is
                    called from the scheduler's threads), raising `DeliveryError` with
                    `retry_after`, `permanent` or `maybe_sent` (bot/core/ports.py). Built once
                    per process (the registry's `delivery_ports`), shared by every thread.
                    Every message it sends carries its delivery key (its row in the
                    delivery table, as `Reply.metadata[DELIVERY_KEY]`): the port stores a
                    delivery tag made from it with what it posts (bot/core/delivery_tags.py).
    `serve`         a chat front end: serve the platform with `app` until stopped (blocks).
    `start_beside`  a front end that serves beside the chat ones (email: its inbound list
                    traffic and answer links): start, return how to stop each part.

    OPTIONAL ABILITIES (a port offers them by having the method; the scheduler and the
    commands test for them with isinstance on the Protocols of bot/core/ports.py):
    `find_sent(to, delivery_key, since)` on the delivery port (`ReconcilingPort`): is the
                    message with this key already on the platform? Without it, a message
                    that may have gone out is never sent again (docs/scheduler.md, "How a
                    port implements find_sent").
    `timezone_of(to)` on the delivery port (`TimezonePort`): the person's profile timezone,
                    asked by the scheduler's threads only, never before an ack.
    history         a `HistoryReader` (`read(query)`, for /summarize) and a `HistoryPager`
                    (`page(...)`, for filling the record's gaps within the platform's budget),
                    handed to commands in `Services` (bot/core/ports.py) while serving.
    ----------------------------------------------------------------------------------------
    """

    platform: ClassVar[Platform]
    # A chat front end can be served by `wgbot run --platform NAME`.
    chat: ClassVar[bool] = True
    # The libraries it needs (import names): without them the registry skips it.
    requires: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def configured(self, settings: CommandSettings) -> bool:
        """Whether the settings ask for this platform. `settings` is the process's (the whole
        `Settings` when the CLI loaded them): a front end reads its own section from it with
        the helper beside that section (`slack_settings`, `discord_settings`, ...)."""

    @abstractmethod
    def delivery(self, settings: CommandSettings) -> DeliveryPort:
        """The scheduler's port; raises DeliveryError (permanent) when a setting it needs is
        missing or wrong."""

    def serve(self, app: App, args: argparse.Namespace) -> None:
        """Serve the platform until stopped (blocks). Chat front ends implement it."""
        raise NotImplementedError(f"the {self.platform} front end is not served this way")

    def start_beside(self, app: App) -> list[Stopper]:
        """Start what serves beside the chat front ends; nothing by default."""
        return []
