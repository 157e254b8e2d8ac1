"""The scheduler's sender: DMs (conversations.open) and channel posts, usable without serving.
Each message goes with the token of the workspace it belongs to (workspaces.py).

Exactly once: every part is posted with message metadata naming its delivery key, and
`find_sent` reads it back from conversations.history (include_all_metadata) after a crash,
within Slack's history budget (reconcile.py). Posts are never retried blindly: not by
slack_sdk's connection-error handler, and a post without an answer is reported as maybe sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.delivery_tags import DELIVERY_KEY, PartsOnTheWire
from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, DeliveryPort, Recipient, RecipientKind
from bot.core.settings import CoreSettings
from bot.frontends.slack.blocks import render
from bot.frontends.slack.budget import allowance
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.errors import delivery_error
from bot.frontends.slack.posting import upload_reply_files
from bot.frontends.slack.reconcile import METADATA_EVENT, HistoryLookup
from bot.frontends.slack.settings import SlackSettings, slack_settings
from bot.frontends.slack.workspaces import WorkspaceClients
from bot.record.budget import HISTORY, SharedPacer
from storage.database import Database


def metadata(key: str, index: int, parts: int) -> dict[str, Any]:
    """Slack message metadata: an event type of ours and the key, part and part count."""
    return {
        "event_type": METADATA_EVENT,
        "event_payload": {"key": key, "part": index, "parts": parts},
    }


class SlackDelivery:
    platform = Platform.SLACK

    def __init__(
        self,
        client: WebClient,
        workspaces: WorkspaceClients | None = None,
        *,
        database: Database,
        settings: SlackSettings,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`workspaces`: pick the token per recipient (many workspaces); else `client`'s.
        `database`: where the history budget is shared with the record's reads; `clock`:
        the budget's seconds (tests pass one they move by hand)."""
        self.client = client
        self.workspaces = workspaces
        self.parts = PartsOnTheWire()
        budget = allowance(settings)
        self.lookup = HistoryLookup(
            self.parts,
            lambda workspace: SharedPacer(
                database, Platform.SLACK.value, workspace, budget, clock, (HISTORY,)
            ),
        )

    def _client(self, to: Recipient) -> WebClient:
        return self._reach(to)[0]

    def _reach(self, to: Recipient) -> tuple[WebClient, str]:
        """The workspace's client without retry handlers (a post whose answer was lost may
        be on Slack, so it is looked up, never simply posted again), and its workspace."""
        if to.platform is not Platform.SLACK:
            raise DeliveryError(f"{to.platform} recipient handed to Slack", permanent=True)
        base, workspace = self.workspaces.resolve(to) if self.workspaces else (self.client, "")
        client = WebClient(
            token=base.token, base_url=base.base_url, timeout=base.timeout, retry_handlers=[]
        )
        return client, workspace

    def _channel(self, client: WebClient, to: Recipient) -> str:
        if to.kind is not RecipientKind.USER:
            return to.id
        try:
            opened = client.conversations_open(users=to.id)
        except SlackApiError as exc:
            raise delivery_error(exc, f"opening a DM with {to.id}") from exc
        except Exception as exc:  # nothing is posted by opening a DM
            raise DeliveryError(f"could not reach Slack: {type(exc).__name__}") from exc
        return str(opened["channel"]["id"])

    def send(self, to: Recipient, reply: Reply) -> str:
        client = self._client(to)
        channel = self._channel(client, to)
        key = reply.metadata.get(DELIVERY_KEY)
        messages = render(reply)
        done = self.parts.known(key) if key else {}
        what = f"sending to {to.kind.value} {to.id}"
        for index, message in enumerate(messages):
            if index in done:
                continue  # already on Slack (posted before a failure, or found by a lookup)
            try:
                response = client.chat_postMessage(
                    channel=channel,
                    text=message.text,
                    blocks=message.blocks,
                    unfurl_links=False,
                    unfurl_media=False,
                    metadata=metadata(key, index, len(messages)) if key else None,
                )
            except SlackApiError as exc:  # Slack answered: this part is not posted
                error = delivery_error(exc, what)
                error.maybe_sent = bool(done)
                raise error from exc
            except Exception as exc:  # no answer: it may be posted
                raise DeliveryError(
                    f"{what}: no answer from Slack ({type(exc).__name__})", maybe_sent=True
                ) from exc
            done[index] = str(response["ts"])
            if key:
                self.parts.add(key, index, done[index])
        try:
            upload_reply_files(client, reply, channel)
        except SlackApiError as exc:
            error = delivery_error(exc, f"{what} (its files)")
            error.maybe_sent = True
            raise error from exc
        if key:
            self.parts.forget(key)
        return done[0]

    def find_sent(self, to: Recipient, delivery_key: str, since: datetime) -> str | None:
        client, workspace = self._reach(to)
        channel = self._channel(client, to)
        return self.lookup.find(client, workspace, channel, delivery_key, since)

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


def make_delivery(process: CoreSettings, database: Database | None = None) -> DeliveryPort:
    """No waiting on rate limits here: the DeliveryError says when to retry, and the
    scheduler decides (it must not block its other jobs). Many workspaces (OAuth) need the
    database, where the installations and the channels' workspaces are."""
    settings = slack_settings(process)
    if not settings.slack_oauth and settings.slack_bot_token is None:
        raise DeliveryError("SLACK_BOT_TOKEN is not set", permanent=True)
    database = database or Database(process.effective_database_url)  # the shared budget's
    if settings.slack_oauth:
        workspaces = WorkspaceClients(settings, database)
        client = workspaces.default or WebClient()
        return SlackDelivery(client, workspaces, database=database, settings=settings)
    client = make_web_client(settings, wait_on_rate_limit=False)
    return SlackDelivery(client, database=database, settings=settings)


def own_delivery(settings: SlackSettings, database: Database, client: WebClient) -> SlackDelivery:
    """A served runtime's port over the bolt client, when the process built none: many
    workspaces send with their recipient's workspace token."""
    workspaces = None
    if settings.slack_oauth:
        workspaces = WorkspaceClients(settings, database, wait_on_rate_limit=True)
    return SlackDelivery(client, workspaces, database=database, settings=settings)
