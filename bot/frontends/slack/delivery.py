"""The scheduler's sender: DMs (conversations.open) and channel posts, usable without serving."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, DeliveryPort, Recipient, RecipientKind
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.errors import delivery_error
from bot.frontends.slack.posting import post_reply


class SlackDelivery:
    platform = Platform.SLACK

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def send(self, to: Recipient, reply: Reply) -> str:
        if to.platform is not Platform.SLACK:
            raise DeliveryError(f"{to.platform} recipient handed to Slack", permanent=True)
        what = f"sending to {to.kind.value} {to.id}"
        try:
            channel = to.id
            if to.kind is RecipientKind.USER:
                opened = self.client.conversations_open(users=to.id)
                channel = str(opened["channel"]["id"])
            return post_reply(self.client, channel, reply)
        except SlackApiError as exc:
            raise delivery_error(exc, what) from exc


def make_delivery(settings: Settings) -> DeliveryPort:
    """No waiting on rate limits here: the DeliveryError says when to retry, and the
    scheduler decides (it must not block its other jobs)."""
    if settings.slack_bot_token is None:
        raise DeliveryError("SLACK_BOT_TOKEN is not set", permanent=True)
    return SlackDelivery(make_web_client(settings, wait_on_rate_limit=False))
