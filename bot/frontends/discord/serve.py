"""`wgbot run --platform discord`: the gateway client, blocking until stopped."""

from __future__ import annotations

import argparse
import sys

from bot.app import App
from bot.frontends.discord.client import WgClient


def serve(app: App, args: argparse.Namespace) -> None:
    token = app.settings.discord_token
    if token is None:
        sys.exit("wgbot: DISCORD_TOKEN is not set (see docs/discord.md).")
    # Logging is configured by wgbot already; discord.py must not add its own handler.
    WgClient(app, heartbeat=True).run(token.get_secret_value(), log_handler=None)
