"""The Discord front end (discord.py): application commands generated from the registry,
embeds, persistent buttons, the charter modal, DMs, channel history.

Imports are lazy so that `wgbot --help` does not load discord.py.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.core.messages import Platform
from bot.frontends.base import FrontEnd

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.settings import CommandSettings
    from bot.frontends.discord.delivery import DiscordDelivery


class Discord(FrontEnd):
    """Configured by DISCORD_TOKEN."""

    platform = Platform.DISCORD
    requires = ("discord",)

    def configured(self, settings: CommandSettings) -> bool:
        from bot.frontends.discord.settings import discord_settings

        return discord_settings(settings).discord_token is not None

    def delivery(self, settings: CommandSettings) -> DiscordDelivery:
        from bot.frontends.discord.delivery import make_delivery

        return make_delivery(settings)

    def serve(self, app: App, args: argparse.Namespace) -> None:
        """The gateway client, blocking until stopped."""
        from bot.frontends.discord.client import WgClient
        from bot.frontends.discord.settings import discord_settings

        token = discord_settings(app.settings).discord_token
        if token is None:
            sys.exit("wgbot: DISCORD_TOKEN is not set (see docs/discord.md).")
        # Logging is configured by wgbot already; discord.py must not add its own handler.
        WgClient(app, heartbeat=True).run(token.get_secret_value(), log_handler=None)


FRONT_END = Discord()

__all__ = ["FRONT_END"]
