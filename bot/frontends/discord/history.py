"""Reads a channel's or thread's discussion for /summarize (HistoryReader).

discord.py pages through the history 100 messages a request; bot messages are left out.
`read` is synchronous because commands run in a worker thread: it hands the reading to the
client's event loop and waits for it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord

from bot.core.ports import ChatMessage, HistoryQuery
from bot.frontends.discord.text import message_text

READ_TIMEOUT_SECONDS = 600.0


def chat_message(message: discord.Message) -> ChatMessage:
    return ChatMessage(
        id=str(message.id),
        user_id=str(message.author.id),
        user_name=message.author.display_name,
        text=message_text(message),
        at=message.created_at,
        permalink=message.jump_url,
        thread_id=str(message.channel.id),
        is_bot=message.author.bot,
    )


class DiscordHistory:
    def __init__(self, client: discord.Client, loop: asyncio.AbstractEventLoop) -> None:
        self.client = client
        self.loop = loop

    def read(self, query: HistoryQuery) -> list[ChatMessage]:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass  # a worker thread, as it should be
        else:
            raise RuntimeError("DiscordHistory.read blocks: call it from a worker thread")
        future = asyncio.run_coroutine_threadsafe(self.fetch(query), self.loop)
        return future.result(timeout=READ_TIMEOUT_SECONDS)

    async def fetch(self, query: HistoryQuery) -> list[ChatMessage]:
        """Oldest first. With `since`, the first `limit` messages after it; without, the
        latest `limit` messages."""
        where, since, limit = query.where, query.since, query.limit
        channel: Any = self.client.get_partial_messageable(
            int(query.thread_id or where.thread_id or where.channel_id)
        )
        out: list[ChatMessage] = []
        history = (
            channel.history(limit=None, after=since, oldest_first=True)
            if since is not None
            else channel.history(limit=None)
        )
        async for message in history:
            if message.author.bot:
                continue
            out.append(chat_message(message))
            if limit is not None and len(out) >= limit:
                break
        if since is None:
            out.reverse()
        return out
