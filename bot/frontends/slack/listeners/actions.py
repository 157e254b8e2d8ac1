"""Button clicks. Every action id shaped `PREFIX:verb` goes to the core, which checks who may
press it (e.g. only that sponsor) and answers; the front end only shows the answer."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, Respond
from slack_bolt import App as BoltApp

from bot.core.messages import Action, Platform, Tone, Where
from bot.frontends.slack.runtime import SlackRuntime, respond_all

CORE_ACTION = re.compile(r"^[A-Za-z0-9_.-]+:")


def channel_of(body: dict[str, Any]) -> str:
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    return str(channel.get("id") or container.get("channel_id") or "")


def register(bolt: BoltApp, runtime: SlackRuntime) -> None:
    def on_action(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user = body["user"]
        actor = runtime.actor(str(user["id"]), str(user.get("username") or user.get("name") or ""))
        where = Where(Platform.SLACK, channel_of(body))
        value = str(action.get("value") or "")
        reply = runtime.dispatcher.handle_action(
            Action(actor=actor, where=where, action_id=str(action["action_id"]), value=value),
            runtime.services(),
        )
        if not body.get("response_url"):
            return  # a Home tab button: the next Home refresh shows the result
        if reply.tone is Tone.ERROR or reply.ephemeral:
            # Refused or wrong: tell only the presser, and leave the message (and its buttons).
            respond_all(respond, replace(reply, ephemeral=True))
        else:
            respond_all(respond, reply, replace_original=True)

    bolt.action(CORE_ACTION)(on_action)
