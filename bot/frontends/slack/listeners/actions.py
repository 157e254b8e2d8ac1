"""Button clicks. Every action id shaped `PREFIX:verb` goes to the core, which checks who may
press it (e.g. only that sponsor) and answers; the front end only shows the answer."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, Respond
from slack_bolt import App as BoltApp
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.dispatcher import is_duplicate
from bot.core.messages import Action, Reply, Tone
from bot.frontends.slack.blocks import render
from bot.frontends.slack.errors import user_hint
from bot.frontends.slack.once import delivery_key
from bot.frontends.slack.posting import post_messages, upload_reply_files
from bot.frontends.slack.responding import respond_all, tell_privately, where_of, with_reason
from bot.frontends.slack.runtime import SlackRuntime, respond_or_tell

log = logging.getLogger(__name__)

CORE_ACTION = re.compile(r"^[A-Za-z0-9_.-]+:")


def channel_of(body: dict[str, Any]) -> str:
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    return str(channel.get("id") or container.get("channel_id") or "")


def on_ephemeral_message(body: dict[str, Any]) -> bool:
    """Slack marks a button on an ephemeral message in its container (and sends no message)."""
    return bool((body.get("container") or {}).get("is_ephemeral"))


def publish_from_ephemeral(
    client: WebClient, respond: Respond, body: dict[str, Any], channel: str, reply: Reply
) -> None:
    """A public answer to a button on a private message (e.g. "Post to channel" on a draft).
    Slack keeps a replaced ephemeral message ephemeral, so the answer is posted as a new
    message in the channel and the private one is deleted."""
    thread = (body.get("container") or {}).get("thread_ts")
    try:
        post_messages(client, channel, render(reply), str(thread) if thread else None)
    except SlackApiError as exc:  # e.g. not in the channel: the response_url still works
        log.info("chat.postMessage in %s failed (%s); answering through response_url", channel, exc)
        if not respond_all(respond, reply):
            user = str(body["user"]["id"])
            reason = user_hint(exc, "Posting in the channel")
            tell_privately(client, channel, user, with_reason(reason, reply))
            return
    respond(delete_original=True)


def register(bolt: BoltApp, runtime: SlackRuntime) -> None:
    def on_action(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        """Acked first; the core's transaction runs here, and the answer (Web API calls
        that may wait on a rate limit) on the slow pool."""
        ack()
        user = body["user"]
        actor = runtime.actor(
            str(user["id"]), str(user.get("username") or user.get("name") or ""), client
        )
        channel = channel_of(body)
        where = where_of(body, channel)
        value = str(action.get("value") or "")
        reply = runtime.dispatcher.handle_action(
            Action(actor=actor, where=where, action_id=str(action["action_id"]), value=value),
            runtime.services(client=client),
            dedupe=delivery_key(body),
        )
        if is_duplicate(reply) or not body.get("response_url"):
            return  # a repeated delivery; or a Home tab button: the next Home refresh shows it
        runtime.later(
            f"answering button {action['action_id']}",
            lambda: answer(runtime, client, respond, body, channel, actor.user_id, reply),
        )

    bolt.action(CORE_ACTION)(on_action)


def answer(
    runtime: SlackRuntime,
    client: WebClient,
    respond: Respond,
    body: dict[str, Any],
    channel: str,
    user: str,
    reply: Reply,
) -> None:
    if reply.tone is Tone.ERROR or reply.ephemeral:
        # Refused or wrong: tell only the presser, and leave the message (and its buttons).
        reply = replace(reply, ephemeral=True)
        respond_or_tell(respond, client, channel, user, reply)
    elif on_ephemeral_message(body):
        publish_from_ephemeral(client, respond, body, channel, reply)
    else:
        respond_or_tell(respond, client, channel, user, reply, replace_original=True)
    try:
        upload_reply_files(client, reply, channel, private_to=user)
    except SlackApiError as exc:
        log.warning("file upload failed: %s", exc)
        respond_or_tell(
            respond, client, channel, user, Reply.error(user_hint(exc, "Uploading the file"))
        )
