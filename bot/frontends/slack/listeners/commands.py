"""Slash commands: one listener per root (`/wg`, `/summarize`); bolt has no subcommands, so the
first word picks the core command and the rest is parsed by the core's one parser."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any

from slack_bolt import Ack, Respond
from slack_bolt import App as BoltApp
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.messages import Invocation, Reply
from bot.frontends.slack import modals
from bot.frontends.slack.blocks import SlackMessage, render
from bot.frontends.slack.errors import user_hint
from bot.frontends.slack.once import delivery_key
from bot.frontends.slack.posting import upload_reply_files
from bot.frontends.slack.responding import delivered, tell_privately, where_of, with_reason
from bot.frontends.slack.runtime import SlackRuntime, respond_or_tell
from bot.frontends.slack.text import command_text

log = logging.getLogger(__name__)

# The registry may not hold these yet (another team builds them); the slash command is
# still registered in the manifest and answers with a clear error until it does.
ALWAYS_REGISTERED = ("wg", "summarize")
CUT = "Slack cut my long answer short, so here it is in full:"


def slash_roots(runtime: SlackRuntime) -> list[str]:
    roots = set(runtime.dispatcher.registry.roots()) | set(ALWAYS_REGISTERED)
    return sorted(roots)


def split(runtime: SlackRuntime, root: str, text: str) -> tuple[tuple[str, ...], str]:
    found = runtime.dispatcher.split_line(f"/{root} {text}".strip())
    if found is not None:
        return found
    return (root,), text.strip()


def modal_for(runtime: SlackRuntime, invocation: Invocation, args: str) -> dict[str, Any] | None:
    """`/wg join` and `/wg charter` typed bare open a modal instead of a usage error."""
    if args:
        return None
    path, channel = invocation.path, invocation.where.channel_id
    if path == ("wg", "join") and runtime.dispatcher.registry.get(path):
        return modals.join_modal(runtime.dispatcher.vocabularies, channel)
    if path == ("wg", "charter") and runtime.dispatcher.registry.get(path):
        current = runtime.dispatcher.form_defaults(invocation.actor, invocation.where, "charter")
        answers = {int(key[1:]): text for key, text in current.items()}
        return modals.charter_modal(channel, answers)
    return None


def register(bolt: BoltApp, runtime: SlackRuntime) -> None:
    registry = runtime.dispatcher.registry

    def on_command(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        """Runs in bolt's listener pool: the core's transaction and the ack, nothing that
        talks to Slack (that goes to the runtime's pools)."""
        root = str(body["command"]).lstrip("/")
        path, args = split(runtime, root, command_text(str(body.get("text") or "")))
        channel = str(body["channel_id"])
        actor = runtime.actor(str(body["user_id"]), str(body.get("user_name") or ""), client)
        invocation = Invocation(actor=actor, where=where_of(body, channel), path=path, args=args)

        if root not in registry.roots():
            first = render(Reply.error(f"`/{root}` is not available in this build yet."))[0]
            ack(response_type="ephemeral", text=first.text, blocks=first.blocks)
            return
        view = modal_for(runtime, invocation, args)
        if view is not None:
            ack()
            trigger = str(body["trigger_id"])
            runtime.prompt_pool.submit(open_modal, trigger, view, respond, client)
            return
        command = registry.get(path)
        if command is not None and command.slow:
            ack()
            runtime.run_slow(invocation, respond, " ".join(("/" + path[0], *path[1:])), client)
            return

        reply = runtime.dispatcher.handle(
            invocation, runtime.services(client=client), dedupe=delivery_key(body)
        )
        messages = rendered(reply)
        ack(
            response_type="ephemeral" if reply.ephemeral else "in_channel",
            text=messages[0].text,
            blocks=messages[0].blocks,
            unfurl_links=False,
            unfurl_media=False,
        )
        if len(messages) > 1 or reply.attachments:
            runtime.later(
                f"the rest of {' '.join(path)}",
                lambda: send_rest(reply, messages[1:], respond, client, channel, actor.user_id),
            )

    def open_modal(trigger: str, view: dict[str, Any], respond: Respond, client: WebClient) -> None:
        """On the prompt pool. If Slack refuses (rate-limited, too slow: the trigger is gone),
        the person is told at once through the response_url (not the rate-limited Web API)."""
        try:
            runtime.open_modal(client, trigger, view)
        except Exception as exc:
            log.warning("views.open failed: %s", exc)
            respond(
                text="I could not open the form: type the command with its arguments "
                "instead (`/wg help`).",
                response_type="ephemeral",
            )

    for root in slash_roots(runtime):
        bolt.command(f"/{root}")(on_command)


_RENDERED: OrderedDict[int, tuple[Reply, list[SlackMessage]]] = OrderedDict()
_RENDERED_LOCK = threading.Lock()
RENDERED_KEPT = 64


def rendered(reply: Reply) -> list[SlackMessage]:
    """Block Kit for a reply, kept for the same reply object: the core hands out one object
    for a cached reply (`/wg status` asked by many at once), so it is rendered once."""
    with _RENDERED_LOCK:
        kept = _RENDERED.get(id(reply))
        if kept is not None and kept[0] is reply:
            return kept[1]
    messages = render(reply)
    with _RENDERED_LOCK:
        _RENDERED[id(reply)] = (reply, messages)
        while len(_RENDERED) > RENDERED_KEPT:
            _RENDERED.popitem(last=False)
    return messages


def send_rest(
    reply: Reply,
    messages: list[SlackMessage],
    respond: Respond,
    client: WebClient,
    channel: str,
    user: str,
) -> None:
    """After the ack, on the slow pool: the messages beyond the first, then the files."""
    kind = "ephemeral" if reply.ephemeral else "in_channel"
    for message in messages:
        response = respond(
            text=message.text,
            blocks=message.blocks,
            response_type=kind,
            unfurl_links=False,
            unfurl_media=False,
        )
        if not delivered(response):  # the response_url's budget is spent, or it expired
            tell_privately(client, channel, user, with_reason(CUT, reply))
            break
    if reply.attachments:
        try:
            upload_reply_files(client, reply, channel, private_to=user)
        except SlackApiError as exc:
            log.warning("file upload failed: %s", exc)
            note = Reply.error(user_hint(exc, "Uploading the file"))
            respond_or_tell(respond, client, channel, user, note)
