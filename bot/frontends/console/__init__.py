"""The console front end: try the bot with no account, or script it (`wgbot console < file`);
its delivery port prints what the scheduler would post."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.messages import Platform
from bot.frontends.base import FrontEnd
from bot.frontends.console.delivery import ConsoleDelivery
from bot.frontends.console.session import ConsoleFrontEnd, ConsoleState

if TYPE_CHECKING:
    from bot.core.settings import CommandSettings


class Console(FrontEnd):
    """Always at hand: `wgbot run` serves it (through `wgbot console`, bot/cli.py, which opens
    the bot behind the prompt) when no other chat platform is configured."""

    platform = Platform.CONSOLE

    def configured(self, settings: CommandSettings) -> bool:
        return False  # never asked for: the fallback when nothing else is

    def delivery(self, settings: CommandSettings) -> ConsoleDelivery:
        return ConsoleDelivery()


FRONT_END = Console()

__all__ = ["FRONT_END", "ConsoleDelivery", "ConsoleFrontEnd", "ConsoleState"]
