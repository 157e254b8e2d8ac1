"""Events: messages of a bound channel go to the discussion record (decoded to neutral text),
once however often Slack redelivers them, and count as voices heard; edits replace the words,
deletions remove the message; app_home_opened publishes the Home tab."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App as BoltApp
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.messages import Invocation, Platform, Where
from bot.frontends.slack.blocks import home_view
from bot.frontends.slack.runtime import SlackRuntime, when
from bot.frontends.slack.text import command_text

log = logging.getLogger(__name__)

# Subtypes that are a person speaking; edits, joins, bot posts and deletions are not. A
# thread_broadcast is one message (one ts) shown in the thread and the channel: kept once.
SPOKEN = {None, "thread_broadcast", "file_share", "me_message"}
EDITED, DELETED = "message_changed", "message_deleted"
HOME = ("wg", "home")


def register(bolt: BoltApp, runtime: SlackRuntime) -> None:
    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        subtype = event.get("subtype")
        channel = str(event.get("channel") or "")
        if subtype == EDITED:
            edited = event.get("message") or {}
            if edited.get("bot_id") or not edited.get("user") or not edited.get("ts"):
                return
            stamp = (edited.get("edited") or {}).get("ts") or event.get("ts")
            runtime.dispatcher.record_edit(
                Where(Platform.SLACK, channel),
                str(edited["ts"]),
                command_text(str(edited.get("text") or "")),
                when(str(stamp)) if stamp else None,
            )
            return
        if subtype == DELETED:
            if event.get("deleted_ts"):
                runtime.dispatcher.record_delete(
                    Where(Platform.SLACK, channel), [str(event["deleted_ts"])]
                )
            return
        if event.get("bot_id") or subtype not in SPOKEN or not event.get("user"):
            return
        event_id = body.get("event_id")
        ts = str(event["ts"])
        runtime.count_message(
            runtime.actor(str(event["user"])),
            Where(Platform.SLACK, channel, event.get("thread_ts")),
            when(ts),
            str(event_id) if event_id else None,
            message_id=ts,
            text=command_text(str(event.get("text") or "")),
            permalink=runtime.history.permalink(channel, ts),
        )

    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or runtime.dispatcher.registry.get(HOME) is None:
            return
        user_id = str(event["user"])
        invocation = Invocation(
            actor=runtime.actor(user_id),
            where=Where(Platform.SLACK, str(event.get("channel") or "")),
            path=HOME,
        )
        reply = runtime.dispatcher.handle(invocation, runtime.services())
        try:
            client.views_publish(user_id=user_id, view=home_view(reply))
        except SlackApiError as exc:
            log.warning("views.publish for %s failed: %s", user_id, exc)

    bolt.event("message")(on_message)
    bolt.event("app_home_opened")(on_home_opened)
