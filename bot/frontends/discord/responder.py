"""Sends a rendered Reply as the answer to an interaction, whatever state it is in:
not yet answered (type 4), deferred (edit the original), or past its token's life (a plain
channel message, or a DM for a reply meant for one person)."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import discord

from bot.core import notices
from bot.core.messages import Reply
from bot.frontends.discord.render import ButtonMaker, Outgoing, plain_button, render

log = logging.getLogger(__name__)


class Responder:
    def __init__(self, make_button: ButtonMaker = plain_button) -> None:
        # Replies come from the dispatcher with commands as Discord spells them already.
        self.make_button = make_button

    def render(self, reply: Reply) -> list[Outgoing]:
        return render(reply, self.make_button)

    async def answer(
        self,
        interaction: discord.Interaction[Any],
        reply: Reply,
        view: discord.ui.View | None = None,
        *,
        deferred_privately: bool = False,
    ) -> None:
        """Answer, deferred or not; a refusal by Discord becomes a short note to the user.
        `view` (front-end buttons) replaces the reply's own buttons on the last message.
        `deferred_privately`: the interaction was deferred with an ephemeral "thinking…",
        which a public reply must not land in."""
        try:
            await self._answer(interaction, reply, view, deferred_privately)
        except discord.HTTPException as exc:
            log.warning("Discord refused a reply: %s", exc)
            await self._tell_refused(interaction, exc)

    async def _answer(
        self,
        interaction: discord.Interaction[Any],
        reply: Reply,
        view: discord.ui.View | None,
        deferred_privately: bool = False,
    ) -> None:
        messages = self.render(reply)
        if view is not None:
            messages[-1].view = view
        ephemeral = reply.ephemeral
        if not interaction.response.is_done():
            await interaction.response.send_message(**messages[0].kwargs(), ephemeral=ephemeral)
            rest = messages[1:]
        elif ephemeral != deferred_privately:
            # The deferred "thinking…" message is public and the answer private, or the other
            # way round: drop it, answer as the reply says.
            await interaction.delete_original_response()
            rest = messages
        else:
            first = messages[0]
            await interaction.edit_original_response(
                content=first.content,
                embed=first.embed,
                view=first.view,
                attachments=first.files,
                allowed_mentions=first.allowed_mentions,
            )
            rest = messages[1:]
        for message in rest:
            await interaction.followup.send(**message.kwargs(), ephemeral=ephemeral)

    async def _tell_refused(
        self, interaction: discord.Interaction[Any], exc: discord.HTTPException
    ) -> None:
        # One line, never Discord's raw error (it may quote what was sent): that is logged.
        text = "✖ " + notices.reply_refused("Discord", exc.code or exc.status)
        none = discord.AllowedMentions.none()
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=none)
            else:
                await interaction.response.send_message(text, ephemeral=True, allowed_mentions=none)
        except discord.HTTPException:
            log.exception("could not tell the user that Discord refused a reply")

    async def post(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        """After the token's life: a channel message (public) or a DM (ephemeral)."""
        target: discord.abc.Messageable | None
        if reply.ephemeral:
            target = interaction.user
        else:
            target = (
                interaction.channel
                if isinstance(interaction.channel, discord.abc.Messageable)
                else None
            )
        if target is None:
            log.warning("no channel to post a late reply to")
            return
        if not reply.ephemeral:  # in the channel, the person who asked is pinged: only them
            reply = replace(reply, mentions=(str(interaction.user.id),))
        for message in self.render(reply):
            await target.send(**message.kwargs())
