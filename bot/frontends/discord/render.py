"""The neutral Reply as Discord messages: embeds, buttons and files, split to fit the limits.

One embed a message keeps every message far below the 6,000-character embed total; a long
text continues in further embeds, fields beyond 25 in further embeds, buttons go on the
last message and files on the first.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.core.messages import Button, ButtonStyle, Reply, Tone
from bot.frontends.discord import limits
from bot.frontends.discord.custom_ids import encode
from bot.frontends.discord.text import allowed, inert, live_mentions

COLOURS = {
    Tone.INFO: discord.Colour.blurple(),
    Tone.SUCCESS: discord.Colour.green(),
    Tone.WARNING: discord.Colour.gold(),
    Tone.ERROR: discord.Colour.red(),
}

STYLES = {
    ButtonStyle.DEFAULT: discord.ButtonStyle.secondary,
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}

ButtonMaker = Callable[[Button], "discord.ui.Item[Any]"]


def plain_button(button: Button) -> discord.ui.Item[Any]:
    """A button with our namespaced custom id; whoever serves routes the click by its prefix."""
    return discord.ui.Button(
        label=limits.clip(button.label, limits.BUTTON_LABEL),
        style=STYLES[button.style],
        custom_id=encode(button.action_id, button.value),
    )


@dataclass
class Outgoing:
    """One Discord message to send; keyword arguments for send / followup.send."""

    embed: discord.Embed | None = None
    content: str | None = None
    view: discord.ui.View | None = None
    files: list[discord.File] = field(default_factory=list)
    # Nobody is pinged but the people a reply means (never @everyone, @here or a role).
    allowed_mentions: discord.AllowedMentions = field(default_factory=allowed)

    def kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {"allowed_mentions": self.allowed_mentions}
        if self.content is not None:
            out["content"] = self.content
        if self.embed is not None:
            out["embed"] = self.embed
        if self.view is not None:
            out["view"] = self.view
        if self.files:
            out["files"] = self.files
        return out


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most `limit` characters, cut at a line break, else a space, else hard."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        while cut > 1 and rest[cut - 1] == "\\":  # never part an escape from its character
            cut -= 1
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def body_text(reply: Reply) -> str:
    """Neutral text made inert; the bold headings are the bot's own Markdown."""
    parts = [inert(reply.text)] if reply.text else []
    for section in reply.sections:
        lines = "\n".join(inert(line) for line in section.lines)
        parts.append(f"**{inert(section.heading)}**\n" + lines)
    return "\n\n".join(parts)


def _field_parts(label: str, value: str) -> list[tuple[str, str]]:
    name = limits.clip(inert(label) or "\u200b", limits.EMBED_FIELD_NAME)
    chunks = split_text(inert(value), limits.EMBED_FIELD_VALUE) or ["\u200b"]
    more = limits.clip(inert(f"{label} (continued)"), limits.EMBED_FIELD_NAME)
    return [(name if i == 0 else more, chunk) for i, chunk in enumerate(chunks)]


def build_embeds(reply: Reply) -> list[discord.Embed]:
    colour = COLOURS[reply.tone]
    title = limits.clip(inert(reply.title), limits.EMBED_TITLE) if reply.title else None
    chunks = split_text(body_text(reply), limits.EMBED_DESCRIPTION) or [""]
    embeds = [
        discord.Embed(title=title if i == 0 else None, description=chunk or None, colour=colour)
        for i, chunk in enumerate(chunks)
    ]
    current = embeds[-1]
    for item in reply.fields:
        for name, value in _field_parts(item.label, item.value):
            full = len(current.fields) >= limits.EMBED_FIELDS
            if full or len(current) + len(name) + len(value) > limits.EMBED_TOTAL:
                current = discord.Embed(colour=colour)
                embeds.append(current)
            current.add_field(name=name, value=value, inline=item.inline)
    return embeds


def build_view(buttons: tuple[Button, ...], make_button: ButtonMaker) -> discord.ui.View | None:
    """Persistent (no timeout); more than 25 buttons cannot be shown and are left out."""
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in buttons[: limits.BUTTONS_PER_MESSAGE]:
        view.add_item(make_button(button))
    return view


def build_files(reply: Reply) -> list[discord.File]:
    return [
        discord.File(io.BytesIO(a.content), filename=a.filename, description=a.title or None)
        for a in reply.attachments
    ]


def render(reply: Reply, make_button: ButtonMaker = plain_button) -> list[Outgoing]:
    """Messages in sending order; never empty."""
    messages = [Outgoing(embed=embed) for embed in build_embeds(reply)]
    files = build_files(reply)
    messages[0].files = files[: limits.FILES_PER_MESSAGE]
    for start in range(limits.FILES_PER_MESSAGE, len(files), limits.FILES_PER_MESSAGE):
        messages.append(Outgoing(files=files[start : start + limits.FILES_PER_MESSAGE]))
    messages[-1].view = build_view(reply.buttons, make_button)
    if reply.mentions:  # the only live mentions: in the content, and allowed for them alone
        messages[0].content = live_mentions(reply.mentions) or None
        messages[0].allowed_mentions = allowed(reply.mentions)
    return messages
