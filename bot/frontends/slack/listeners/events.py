"""Events: messages in a bound channel count as a voice heard (who and when, never the text),
once per event_id however often Slack redelivers it; app_home_opened publishes the Home tab.

A message is counted BEFORE Slack gets its answer: bolt acks every event as soon as a
listener starts, and in HTTP mode Slack never redelivers an event it got a 200 for. So the
count runs in a listener middleware, in the request's own thread; if it fails, Slack gets a
500 and redelivers the event (X-Slack-Retry-Num), and the event id, claimed in the count's
own transaction, lets the redelivery count it once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App as BoltApp
from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.messages import Actor, Invocation, Platform
from bot.frontends.slack.blocks import home_view
from bot.frontends.slack.runtime import SlackRuntime, when, where_of

log = logging.getLogger(__name__)

# Subtypes that are a person speaking; edits, joins, bot posts and deletions are not.
SPOKEN = {None, "thread_broadcast", "file_share", "me_message"}
HOME = ("wg", "home")


def register(bolt: BoltApp, runtime: SlackRuntime) -> None:
    def count_before_ack(body: dict[str, Any], next_: Callable[[], None]) -> BoltResponse | None:
        event = body.get("event") or {}
        if event.get("bot_id") or event.get("subtype") not in SPOKEN or not event.get("user"):
            next_()
            return None
        event_id = body.get("event_id")
        try:
            runtime.count_message(
                Actor(Platform.SLACK, str(event["user"])),
                where_of(body, str(event["channel"]), event.get("thread_ts")),
                when(str(event["ts"])),
                str(event_id) if event_id else None,
            )
        except Exception:
            log.exception("counting event %s failed: Slack will redeliver it", event_id)
            return BoltResponse(status=500, body="")
        next_()
        return None

    def on_message() -> None:
        """Counted already, before the ack (count_before_ack)."""

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

    bolt.event("message", middleware=[count_before_ack])(on_message)
    bolt.event("app_home_opened")(on_home_opened)
