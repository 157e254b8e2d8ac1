"""The message shortcut "Summarize thread": runs `/summarize` on the thread it was used on,
with the thread's permalink as the argument."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, Respond
from slack_bolt import App as BoltApp
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.messages import Invocation, Reply
from bot.frontends.slack.posting import post_reply
from bot.frontends.slack.responding import respond_all, where_of
from bot.frontends.slack.runtime import SlackRuntime, respond_or_tell

log = logging.getLogger(__name__)

SUMMARIZE_SHORTCUT = "summarize_thread"
SUMMARIZE = ("summarize",)


def register(bolt: BoltApp, runtime: SlackRuntime) -> None:
    def on_summarize(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        """Acked at once; everything else talks to Slack, so it runs on the slow pool."""
        ack()
        runtime.later("the Summarize thread shortcut", lambda: summarize(body, respond, client))

    def summarize(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        channel = str(body["channel"]["id"])
        message = body.get("message") or {}
        thread = str(message.get("thread_ts") or message.get("ts") or body.get("message_ts"))
        command = runtime.dispatcher.registry.get(SUMMARIZE)
        if command is None:
            respond_all(respond, Reply.error("`/summarize` is not available in this build yet."))
            return
        try:
            permalink = str(
                client.chat_getPermalink(channel=channel, message_ts=thread)["permalink"]
            )
        except SlackApiError as exc:
            log.info("chat.getPermalink failed: %s", exc)
            permalink = thread
        user = body["user"]
        name = str(user.get("username") or user.get("name") or "")
        actor = runtime.actor(str(user["id"]), name, client)
        invocation = Invocation(
            actor=actor,
            where=where_of(body, channel, thread),
            path=SUMMARIZE,
            args=permalink,
        )
        if command.slow:
            runtime.work_slow(
                invocation, respond, "Summarize thread", client
            )  # on the slow pool already
            return
        reply = runtime.dispatcher.handle(invocation, runtime.services(client=client))
        if reply.ephemeral:
            respond_or_tell(respond, client, channel, actor.user_id, reply)
            return
        try:
            post_reply(client, channel, reply, thread)
        except SlackApiError as exc:
            log.info("posting the summary in %s failed: %s", channel, exc)
            respond_or_tell(respond, client, channel, actor.user_id, reply)

    bolt.shortcut(SUMMARIZE_SHORTCUT)(on_summarize)
