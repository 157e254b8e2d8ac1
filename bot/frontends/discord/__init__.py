"""The Discord front end (discord.py): application commands generated from the registry,
embeds, persistent buttons, the charter modal, DMs, channel history.

Imports are lazy so that `wgbot --help` does not load discord.py.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.core.messages import Platform
from bot.frontends.base import FrontEnd

if TYPE_CHECKING:
    from bot.app import App
    from bot.config import Settings
    from bot.frontends.discord.delivery import DiscordDelivery


class Discord(FrontEnd):
    """Configured by DISCORD_TOKEN."""

    platform = Platform.DISCORD
    requires = ("discord",)

    def configured(self, settings: Settings) -> bool:
        return settings.discord_token is not None

    def delivery(self, settings: Settings) -> DiscordDelivery:
        from bot.frontends.discord.delivery import make_delivery

        return make_delivery(settings)

    def serve(self, app: App, args: argparse.Namespace) -> None:
        from bot.frontends.discord.serve import serve

        serve(app, args)


FRONT_END = Discord()

__all__ = ["FRONT_END"]
