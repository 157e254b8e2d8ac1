"""Answering a Slack request after its ack: through the response_url, else privately (an
ephemeral message, else a DM); and where a request came from. Shared by the runtime and the
listeners."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.messages import Platform, Reply, Where
from bot.frontends.slack.blocks import render
from bot.frontends.slack.posting import post_messages

log = logging.getLogger(__name__)

Respond = Callable[..., Any]


def where_of(body: dict[str, Any], channel: str, thread: str | None = None) -> Where:
    """Where a request came from, with its workspace (team, Enterprise Grid org)."""
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    user_team = (
        (body.get("user") or {}).get("team_id") if isinstance(body.get("user"), dict) else None
    )
    enterprise = body.get("enterprise_id") or (body.get("enterprise") or {}).get("id")
    return Where(
        Platform.SLACK,
        channel,
        thread,
        team_id=str(team or user_team) if (team or user_team) else None,
        enterprise_id=str(enterprise) if enterprise else None,
    )


def delivered(response: object) -> bool:
    """A response_url answers 200; an expired one (30 minutes) or one past its 5 uses answers
    404/410 with `expired_url` / `used_url`, which bolt returns instead of raising."""
    status = getattr(response, "status_code", 200)
    return isinstance(status, int) and 200 <= status < 300


def respond_all(respond: Respond, reply: Reply, replace_original: bool = False) -> bool:
    """Every part of a reply through the response_url (ephemeral or in the channel); False
    when Slack refused one (the caller then tells the person another way)."""
    kind = "ephemeral" if reply.ephemeral else "in_channel"
    for index, message in enumerate(render(reply)):
        response = respond(
            text=message.text,
            blocks=message.blocks,
            response_type=kind,
            replace_original=replace_original and index == 0,
            unfurl_links=False,
            unfurl_media=False,
        )
        if not delivered(response):
            log.info("response_url refused a reply: %s", getattr(response, "body", response))
            return False
    return True


def tell_privately(client: WebClient, channel: str, user: str, reply: Reply) -> bool:
    """The route of last resort for something a person must see: an ephemeral message in the
    channel, else a direct message. Logged, never raised, when both fail."""
    messages = render(replace(reply, ephemeral=True))
    if channel:
        try:
            for message in messages:
                client.chat_postEphemeral(
                    channel=channel, user=user, text=message.text, blocks=message.blocks
                )
            return True
        except SlackApiError as exc:
            log.info("ephemeral to %s in %s failed (%s): sending a DM", user, channel, exc)
    try:
        opened = client.conversations_open(users=user)
        post_messages(client, str(opened["channel"]["id"]), messages)
        return True
    except SlackApiError as exc:
        log.warning("could not tell %s privately: %s", user, exc)
        return False


def with_reason(reason: str, reply: Reply) -> Reply:
    """The reply, private, headed by one line saying why it arrives this way."""
    text = f"{reason}\n{reply.text}" if reply.text else reason
    return replace(reply, text=text, ephemeral=True, mentions=())


def when(ts: str) -> datetime:
    from datetime import UTC

    return datetime.fromtimestamp(float(ts), UTC)
