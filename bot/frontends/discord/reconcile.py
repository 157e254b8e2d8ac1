"""The footer reference that lets the bot find its own message in a channel's history.

A nonce is the platform's own guard against a repeat, but only for a few minutes and only on
the way in: history does not return it. So each scheduled message also carries, in its
embed's footer, a short reference made from its delivery key ("wgbot · ref 3f9a… · 2/3"), and
`find_parts` reads the bot's messages since the claim to find it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.core.delivery_tags import tag
from bot.frontends.discord.render import Outgoing

FOOTER = re.compile(r"ref ([0-9a-f]{16})(?: · (\d+)/(\d+))?")
# Discord's clock and ours may differ a little: the scan starts this much before the claim.
CLOCK_SKEW = timedelta(minutes=2)


def footer(key: str, index: int, parts: int) -> str:
    where = f" · {index + 1}/{parts}" if parts > 1 else ""
    return f"wgbot · ref {tag(key)}{where}"


def mark(message: Outgoing, key: str, index: int, parts: int) -> None:
    """Every part gets the footer (a part with files only gets an embed for it)."""
    if message.embed is None:
        message.embed = discord.Embed()
    message.embed.set_footer(text=footer(key, index, parts))


def _ours(message: discord.Message, wanted: str) -> tuple[int, int] | None:
    for embed in message.embeds:
        found = FOOTER.search(embed.footer.text or "")
        if found and found.group(1) == wanted:
            if found.group(2) is None:
                return 0, 1
            return int(found.group(2)) - 1, int(found.group(3))
    return None


async def find_parts(
    channel: Any, bot_id: int, key: str, since: datetime
) -> tuple[dict[int, str], int | None]:
    """The parts of `key`'s message the bot posted in `channel` since `since` (part →
    message id) and how many it has (None: none was found)."""
    wanted = tag(key)
    after = discord.Object(id=discord.utils.time_snowflake(since - CLOCK_SKEW))
    found: dict[int, str] = {}
    total: int | None = None
    async for message in channel.history(limit=None, after=after, oldest_first=True):
        if message.author.id != bot_id:
            continue
        part = _ours(message, wanted)
        if part is not None:
            found.setdefault(part[0], str(message.id))
            total = part[1]
            if len(found) >= total:
                break
    return found, total
