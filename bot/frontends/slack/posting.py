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


def upload_reply_files(
    client: WebClient,
    reply: Reply,
    channel: str,
    thread_ts: str | None = None,
    private_to: str | None = None,
) -> None:
    """The one place that decides where a reply's files go. Slack has no ephemeral files: a
    file shared to a channel is seen by everyone in it. So the files of a private reply
    (shown only to `private_to`) go to a direct message with that person; those of a public
    reply (or of one posted as it is, `private_to=None`) go with its messages."""
    if not reply.attachments:
        return
    if reply.ephemeral and private_to is not None:
        opened = client.conversations_open(users=private_to)
        channel, thread_ts = str(opened["channel"]["id"]), None
    upload_files(client, channel, reply.attachments, thread_ts)


def post_reply(client: WebClient, channel: str, reply: Reply, thread_ts: str | None = None) -> str:
    """Posts the reply as it is to `channel` (its files with it, whatever its ephemeral flag:
    the messages are public there too)."""
    ts = post_messages(client, channel, render(reply), thread_ts)
    upload_reply_files(client, reply, channel, thread_ts)
    return ts
