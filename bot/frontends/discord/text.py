"""Discord's text crossing, both ways, in one place.

IN (`decode`): Discord's markup (message content, string options, modal fields) becomes
neutral text. `<@123>`/`<@!123>` → a mention token for command text (the core's USER
parameters need the id) or `@name` elsewhere; `<@&1>` → `@role-name`; `<#1>` → `#channel`;
`<t:1700000000:R>` → the date; custom emoji `<:wave:1>` → `:wave:`; masked links
`[label](https://x)` → `label (https://x)`: a label never hides its address. `@everyone` and
`@here` stay plain words.

OUT (`inert`): every piece of neutral text the bot shows (embed titles, descriptions, fields,
message content) has Markdown escaped (discord.py's `escape_markdown`, so a masked link or a
heading shows as typed), `<` escaped so no mention or timestamp forms, and mentions broken
with discord.py's `escape_mentions`. `code` spans the core writes stay code. Messages also
carry `allowed_mentions` that permits only the people a reply means (`Reply.mentions`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import discord

from bot.core.neutral import mention_token

Lookup = Callable[[int], str | None]

_MARKUP = re.compile(
    r"<@!?(?P<user>\d+)>"
    r"|<@&(?P<role>\d+)>"
    r"|<#(?P<channel>\d+)>"
    r"|<t:(?P<time>-?\d+)(?::[tTdDfFR])?>"
    r"|<a?:(?P<emoji>\w+):\d+>"
    r"|</(?P<command>[\w -]+):\d+>"
    r"|\[(?P<label>[^\]\n]+)\]\(<?(?P<url>https?://[^)\s>]+)>?\)"
)
_CODE = re.compile(r"`[^`\n]+`")


def _link(label: str, url: str) -> str:
    bare = re.sub(r"^https?://", "", url).rstrip("/")
    if label.strip().rstrip("/") in (url.rstrip("/"), bare):
        return url
    return f"{label} ({url})"


def decode(
    text: str,
    *,
    tokens: bool = False,
    user: Lookup | None = None,
    role: Lookup | None = None,
    channel: Lookup | None = None,
) -> str:
    """Discord markup as neutral text; the lookups name ids (None: the id is shown)."""

    def one(m: re.Match[str]) -> str:
        if m["user"]:
            name = (user(int(m["user"])) if user else None) or ""
            return mention_token(m["user"], name) if tokens else "@" + (name or m["user"])
        if m["role"]:
            return "@" + ((role(int(m["role"])) if role else None) or "role")
        if m["channel"]:
            return "#" + ((channel(int(m["channel"])) if channel else None) or m["channel"])
        if m["time"]:
            try:
                return f"{datetime.fromtimestamp(int(m['time']), UTC):%Y-%m-%d %H:%M} UTC"
            except (OverflowError, OSError, ValueError):
                return m[0]
        if m["emoji"]:
            return f":{m['emoji']}:"
        if m["command"]:
            return "/" + m["command"]
        return _link(m["label"], m["url"])

    return _MARKUP.sub(one, text)


def guild_lookups(guild: discord.Guild | None) -> dict[str, Lookup]:
    """Names from the guild cache (members only where the cache has them)."""
    if guild is None:
        return {}

    def member(uid: int) -> str | None:
        found = guild.get_member(uid)
        return found.display_name if found else None

    def role(rid: int) -> str | None:
        found = guild.get_role(rid)
        return found.name if found else None

    def channel(cid: int) -> str | None:
        found = guild.get_channel_or_thread(cid)
        return found.name if found else None

    return {"user": member, "role": role, "channel": channel}


def option_text(text: str, guild: discord.Guild | None) -> str:
    """A string option or modal field for the core: people stay mention tokens."""
    return decode(text, tokens=True, **guild_lookups(guild))


def form_text(text: str, guild: discord.Guild | None) -> str:
    """A modal field: free text, so people read as `@name`."""
    return decode(text, tokens=False, **guild_lookups(guild))


def message_text(message: discord.Message) -> str:
    """A message's content as the discussion record and /summarize read it: the names are
    those Discord resolved in the message itself, else the guild's."""
    lookups = guild_lookups(message.guild)
    users = {m.id: m.display_name for m in message.mentions}
    roles = {r.id: r.name for r in message.role_mentions}
    channels = {c.id: c.name for c in message.channel_mentions}
    fallback_user = lookups.get("user")
    fallback_role = lookups.get("role")
    fallback_channel = lookups.get("channel")
    return decode(
        message.content,
        user=lambda i: users.get(i) or (fallback_user(i) if fallback_user else None),
        role=lambda i: roles.get(i) or (fallback_role(i) if fallback_role else None),
        channel=lambda i: channels.get(i) or (fallback_channel(i) if fallback_channel else None),
    )


# A `[` or `<` that no backslash escapes (after escape_markdown doubled every backslash).
_OPENERS = re.compile(r"(?<!\\)((?:\\\\)*)([\[<])")


def _escape(text: str) -> str:
    """escape_markdown escapes only the first `[` of `[a](x) [b](y)`: every other `[` (masked
    links) and every `<` (mentions, timestamps) is escaped here."""
    out = discord.utils.escape_markdown(text)
    return _OPENERS.sub(lambda m: m.group(1) + "\\" + m.group(2), out)


def inert(text: str) -> str:
    """Neutral text as Discord Markdown that shows exactly that text and pings no one."""
    parts: list[str] = []
    last = 0
    for match in _CODE.finditer(text):
        parts.append(_escape(text[last : match.start()]))
        parts.append(match.group(0))  # a code span shows its text as it is
        last = match.end()
    parts.append(_escape(text[last:]))
    return discord.utils.escape_mentions("".join(parts))


def allowed(user_ids: Iterable[str] = ()) -> discord.AllowedMentions:
    """Nobody, or only these people: never @everyone, @here or a role."""
    users = [discord.Object(id=int(u)) for u in user_ids if u.isdigit()]
    return discord.AllowedMentions(
        everyone=False, users=users or False, roles=False, replied_user=False
    )


def live_mentions(user_ids: Iterable[str]) -> str:
    """The mentions the bot itself means: the only `<@…>` it ever sends."""
    return " ".join(f"<@{u}>" for u in user_ids if u.isdigit())
