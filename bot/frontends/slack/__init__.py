"""The Slack front end (slack-bolt): slash commands, Block Kit, modals, buttons, App Home,
events; Socket Mode or HTTP. Only translates between Slack and the neutral core."""

from bot.frontends.slack.delivery import make_delivery
from bot.frontends.slack.server import serve

__all__ = ["make_delivery", "serve"]
