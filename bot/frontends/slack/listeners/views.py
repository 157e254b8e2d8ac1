"""Modal submissions: the join and charter forms become ordinary core invocations; a refusal
or bad value is shown on the form (response_action=errors) and nothing is written."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_bolt import App as BoltApp
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.dispatcher import is_duplicate
from bot.core.messages import Invocation, Reply, Tone
from bot.domain.charter import CHARTER_SIZE
from bot.frontends.slack import modals
from bot.frontends.slack.blocks import render
from bot.frontends.slack.errors import user_hint
from bot.frontends.slack.once import view_key
from bot.frontends.slack.posting import post_messages
from bot.frontends.slack.responding import tell_privately, where_of, with_reason
from bot.frontends.slack.runtime import SlackRuntime

log = logging.getLogger(__name__)


def _tell(runtime: SlackRuntime, client: WebClient, channel: str, user: str, reply: Reply) -> None:
    """After the ack, on the slow pool: public results go to the channel, private ones as
    an ephemeral message; a repeated submission says nothing more."""
    if is_duplicate(reply):
        return
    messages = render(reply)

    def post() -> None:
        try:
            if reply.ephemeral:
                for message in messages:
                    client.chat_postEphemeral(
                        channel=channel, user=user, text=message.text, blocks=message.blocks
                    )
            else:
                post_messages(client, channel, messages)
        except SlackApiError as exc:
            # The form is saved: the person is told so, and what to do, by direct message.
            log.warning("could not post the form's result in %s: %s", channel, exc)
            reason = "Saved. " + user_hint(exc, "Posting the confirmation in the channel")
            tell_privately(client, "", user, with_reason(reason, reply))

    runtime.later("posting a form's result", post)


def register(bolt: BoltApp, runtime: SlackRuntime) -> None:
    def submit(
        body: dict[str, Any], path: tuple[str, ...], args: dict[str, object], client: WebClient
    ) -> Reply:
        user = body["user"]
        name = str(user.get("username") or user.get("name") or "")
        actor = runtime.actor(str(user["id"]), name, client)
        channel = str(body["view"].get("private_metadata") or "")
        invocation = Invocation(actor, where_of(body, channel), path, args)
        services = runtime.services(client=client)
        return runtime.dispatcher.handle(invocation, services, dedupe=view_key(body))

    def on_join(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        args: dict[str, object] = {"group": modals.selected(values, "group")}
        region = modals.selected(values, "region")
        if region:
            args["region"] = region
        reply = submit(body, ("wg", "join"), args, client)
        if reply.tone is Tone.ERROR:
            ack(response_action="errors", errors={"group": reply.text[:150]})
            return
        ack()
        channel = str(view.get("private_metadata") or "")
        _tell(runtime, client, channel, str(body["user"]["id"]), reply)

    def on_charter(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        """The whole form goes to the core as one unit: saved together, or not at all."""
        values = view["state"]["values"]
        fields = {f"q{n}": modals.typed(values, f"q{n}") or "" for n in range(1, CHARTER_SIZE + 1)}
        user = body["user"]
        name = str(user.get("username") or user.get("name") or "")
        actor = runtime.actor(str(user["id"]), name, client)
        channel = str(view.get("private_metadata") or "")
        reply = runtime.dispatcher.handle_form(
            actor,
            where_of(body, channel),
            "charter",
            fields,
            runtime.services(client=client),
            dedupe=view_key(body),
        )
        if reply.tone is Tone.ERROR:
            first = next((k for k, v in fields.items() if v), "q1")
            ack(response_action="errors", errors={first: reply.text[:150]})
            return
        ack()
        _tell(runtime, client, channel, str(user["id"]), reply)

    bolt.view(modals.JOIN_CALLBACK)(on_join)
    bolt.view(modals.CHARTER_CALLBACK)(on_charter)
