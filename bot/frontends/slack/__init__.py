"""The Slack front end (slack-bolt): slash commands, Block Kit, modals, buttons, App Home,
events; Socket Mode or HTTP. It translates between Slack and the neutral core, and keeps the
discussion record fed: it queues a channel's backfill when the bot is invited back, and re-runs
a summary from its button."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.core.messages import Platform
from bot.frontends.base import FrontEnd

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.ports import DeliveryPort
    from bot.core.settings import CommandSettings


class Slack(FrontEnd):
    """Configured by SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SECRET (OAuth)."""

    platform = Platform.SLACK
    requires = ("slack_bolt", "slack_sdk")

    def configured(self, settings: CommandSettings) -> bool:
        from bot.frontends.slack.settings import slack_settings

        slack = slack_settings(settings)
        return slack.slack_bot_token is not None or slack.slack_oauth

    def delivery(self, settings: CommandSettings) -> DeliveryPort:
        from bot.frontends.slack.delivery import make_delivery

        return make_delivery(settings)

    def serve(self, app: App, args: argparse.Namespace) -> None:
        from bot.frontends.slack.server import serve

        serve(app, args)


FRONT_END = Slack()

__all__ = ["FRONT_END"]
