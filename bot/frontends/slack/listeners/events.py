"""Events: messages of a bound channel go to the discussion record (decoded to neutral text),
once however often Slack redelivers them, and count as voices heard; edits replace the words,
deletions remove the message; app_home_opened publishes the Home tab.

A message is kept BEFORE Slack gets its answer: bolt acks every event as soon as a listener
starts, and in HTTP mode Slack never redelivers an event it got a 200 for. So the write runs
in a listener middleware, in the request's own thread, touching only the database (names and
permalinks come from caches; a cold cache is filled after the ack and the row completed);
if it fails, Slack gets a 500 and redelivers the event (X-Slack-Retry-Num), and the event
id, claimed in the record's own transaction, lets the redelivery count it once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App as BoltApp
from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.messages import Actor, Invocation, Platform, Where
from bot.frontends.slack.blocks import home_view
from bot.frontends.slack.responding import when, where_of
from bot.frontends.slack.runtime import SlackRuntime
from bot.frontends.slack.text import message_text

log = logging.getLogger(__name__)

# Subtypes that are a person speaking; edits, joins, bot posts and deletions are not. A
# thread_broadcast is one message (one ts) shown in the thread and the channel: kept once.
SPOKEN = {None, "thread_broadcast", "file_share", "me_message"}
EDITED, DELETED = "message_changed", "message_deleted"
HOME = ("wg", "home")


def _spoken(event: dict[str, Any]) -> bool:
    return bool(not event.get("bot_id") and event.get("subtype") in SPOKEN and event.get("user"))


def keep(runtime: SlackRuntime, body: dict[str, Any], client: WebClient) -> None:
    """The record's write for one message event (database only: no Web API call)."""
    event = body.get("event") or {}
    subtype = event.get("subtype")

    def known_name(user_id: str) -> str:  # no users.info before the ack: the cache or the id
        return runtime.names.cached(user_id) or user_id

    channel = str(event.get("channel") or "")
    if subtype == EDITED:
        edited = event.get("message") or {}
        if edited.get("bot_id") or not edited.get("user") or not edited.get("ts"):
            return
        stamp = (edited.get("edited") or {}).get("ts") or event.get("ts")
        runtime.dispatcher.record_edit(
            Where(Platform.SLACK, channel),
            str(edited["ts"]),
            message_text(str(edited.get("text") or ""), known_name),
            when(str(stamp)) if stamp else None,
        )
    elif subtype == DELETED:
        if event.get("deleted_ts"):
            runtime.dispatcher.record_delete(
                Where(Platform.SLACK, channel), [str(event["deleted_ts"])]
            )
    elif _spoken(event):
        event_id = body.get("event_id")
        user, ts = str(event["user"]), str(event["ts"])
        runtime.count_message(
            Actor(Platform.SLACK, user, runtime.names.cached(user) or ""),
            where_of(body, channel, event.get("thread_ts")),
            when(ts),
            str(event_id) if event_id else None,
            message_id=ts,
            text=message_text(str(event.get("text") or ""), known_name),
            permalink=runtime.history_for(client).known_permalink(channel, ts),
        )


def register(bolt: BoltApp, runtime: SlackRuntime) -> None:
    def keep_before_ack(
        body: dict[str, Any], client: WebClient, next_: Callable[[], None]
    ) -> BoltResponse | None:
        try:
            keep(runtime, body, client)
        except Exception:
            log.exception("keeping event %s failed: Slack will redeliver it", body.get("event_id"))
            return BoltResponse(status=500, body="")
        next_()
        return None

    def on_message(event: dict[str, Any], client: WebClient) -> None:
        """Kept already, before the ack; now, off the ack path, a name or permalink the
        caches did not know yet is looked up and the row completed."""
        if not _spoken(event):
            return
        user, ts, channel = str(event["user"]), str(event["ts"]), str(event.get("channel"))
        history = runtime.history_for(client)
        if runtime.names.cached(user) and history.known_permalink(channel, ts):
            return

        def complete() -> None:
            name = runtime.names.name(user, token=client.token)
            link = history.permalink(channel, ts)
            runtime.dispatcher.record_details(Where(Platform.SLACK, channel), ts, name, link)

        runtime.later("completing a recorded message", complete)

    def on_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or runtime.dispatcher.registry.get(HOME) is None:
            return
        user_id = str(event["user"])
        invocation = Invocation(
            actor=runtime.actor(user_id, client=client),
            where=where_of(body, str(event.get("channel") or "")),
            path=HOME,
        )
        reply = runtime.dispatcher.handle(invocation, runtime.services(client=client))

        def publish() -> None:
            try:
                client.views_publish(user_id=user_id, view=home_view(reply))
            except SlackApiError as exc:
                log.warning("views.publish for %s failed: %s", user_id, exc)

        runtime.later("publishing the Home tab", publish)

    def on_member_joined(event: dict[str, Any], context: dict[str, Any]) -> None:
        """The bot invited (back) into a bound channel: what the record lacks of its recent
        past is read from history in the background (docs/record.md)."""
        if not event.get("user") or event.get("user") != context.get("bot_user_id"):
            return
        channel = str(event.get("channel") or "")
        team, enterprise = context.get("team_id"), context.get("enterprise_id")
        runtime.later("queueing a backfill", lambda: runtime.backfill(channel, team, enterprise))

    bolt.event("message", middleware=[keep_before_ack])(on_message)
    bolt.event("member_joined_channel")(on_member_joined)
    bolt.event("app_home_opened")(on_home_opened)
