"""The Discord front end (discord.py): application commands generated from the registry,
embeds, persistent buttons, the charter modal, DMs, channel history.

Imports are lazy so that `wgbot --help` does not load discord.py.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import App
    from bot.config import Settings
    from bot.frontends.discord.delivery import DiscordDelivery


def serve(app: App, args: argparse.Namespace) -> None:
    from bot.frontends.discord.serve import serve as run

    run(app, args)


def make_delivery(settings: Settings) -> DiscordDelivery:
    from bot.frontends.discord.delivery import make_delivery as make

    return make(settings)


__all__ = ["make_delivery", "serve"]
