"""The scheduler's sender: DMs (conversations.open) and channel posts, usable without serving.
Each message goes with the token of the workspace it belongs to (workspaces.py)."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, DeliveryPort, Recipient, RecipientKind
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.errors import delivery_error
from bot.frontends.slack.posting import post_reply
from bot.frontends.slack.workspaces import WorkspaceClients
from storage.database import Database


class SlackDelivery:
    platform = Platform.SLACK

    def __init__(self, client: WebClient, workspaces: WorkspaceClients | None = None) -> None:
        """`workspaces`: pick the token per recipient (many workspaces); else `client`'s."""
        self.client = client
        self.workspaces = workspaces

    def send(self, to: Recipient, reply: Reply) -> str:
        if to.platform is not Platform.SLACK:
            raise DeliveryError(f"{to.platform} recipient handed to Slack", permanent=True)
        what = f"sending to {to.kind.value} {to.id}"
        client = self.workspaces.for_recipient(to) if self.workspaces else self.client
        try:
            channel = to.id
            if to.kind is RecipientKind.USER:
                opened = client.conversations_open(users=to.id)
                channel = str(opened["channel"]["id"])
            return post_reply(client, channel, reply)
        except SlackApiError as exc:
            raise delivery_error(exc, what) from exc

    def timezone_of(self, to: Recipient) -> str | None:
        """The person's profile timezone (users.info `tz`), for their weekly nudge; asked by
        the scheduler's threads only (bot/scheduler/zones.py), never before an ack."""
        client = self.workspaces.for_recipient(to) if self.workspaces else self.client
        try:
            user = client.users_info(user=to.id)["user"]
        except SlackApiError as exc:
            raise delivery_error(exc, f"asking the timezone of {to.id}") from exc
        zone = user.get("tz") if isinstance(user, dict) else None
        return str(zone) if zone else None


def make_delivery(settings: Settings, database: Database | None = None) -> DeliveryPort:
    """No waiting on rate limits here: the DeliveryError says when to retry, and the
    scheduler decides (it must not block its other jobs). Many workspaces (OAuth) need the
    database, where the installations and the channels' workspaces are."""
    if settings.slack_oauth:
        database = database or Database(settings.effective_database_url)
        workspaces = WorkspaceClients(settings, database)
        return SlackDelivery(workspaces.default or WebClient(), workspaces)
    if settings.slack_bot_token is None:
        raise DeliveryError("SLACK_BOT_TOKEN is not set", permanent=True)
    return SlackDelivery(make_web_client(settings, wait_on_rate_limit=False))
