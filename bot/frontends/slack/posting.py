"""Posting a rendered reply (all its messages and files) to a channel through the Web API.

The bot's posts never unfurl links: a draft or a nudge cites many messages, and a wall of
previews would bury it (and show quoted content to people the chair has not chosen to show).
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.core.messages import Attachment, Reply
from bot.frontends.slack.blocks import SlackMessage, render


def post_messages(
    client: WebClient, channel: str, messages: list[SlackMessage], thread_ts: str | None = None
) -> str:
    """chat.postMessage for each part; returns the first message's ts."""
    first = ""
    for message in messages:
        response = client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
        )
        first = first or str(response["ts"])
    return first


def upload_files(
    client: WebClient, channel: str, attachments: tuple[Attachment, ...], thread_ts: str | None
) -> None:
    """Slack's current upload flow (getUploadURLExternal → upload → completeUploadExternal)."""
    for attachment in attachments:
        client.files_upload_v2(
            channel=channel,
            content=attachment.content,
            filename=attachment.filename,
            title=attachment.title or attachment.filename,
            thread_ts=thread_ts,
        )


def post_reply(client: WebClient, channel: str, reply: Reply, thread_ts: str | None = None) -> str:
    ts = post_messages(client, channel, render(reply), thread_ts)
    upload_files(client, channel, reply.attachments, thread_ts)
    return ts
