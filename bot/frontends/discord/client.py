"""The Discord client: command tree from the registry, persistent buttons, the charter modal,
and message events kept in the discussion record (raw edit and delete events, so messages
sent before the client's cache was filled are edited and removed too)."""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

import discord
from discord import app_commands

from bot.app import App
from bot.core.messages import Platform, Where
from bot.frontends.discord import limits, tree
from bot.frontends.discord.buttons import ButtonKit
from bot.frontends.discord.charter_modal import CHARTER_PATH, CharterFlow
from bot.frontends.discord.forms import FORM_LIFE_SECONDS
from bot.frontends.discord.history import DiscordHistory, chat_message
from bot.frontends.discord.identity import actor_of, where_of_message
from bot.frontends.discord.responder import Responder
from bot.frontends.discord.runner import ACK_BUDGET_SECONDS, TOKEN_MARGIN_SECONDS, Runner
from bot.record.listening import Listening

log = logging.getLogger(__name__)


def wg_intents() -> discord.Intents:
    """Guilds, guild messages, message content (to read a discussion), direct messages."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = True
    intents.dm_messages = True
    return intents


class WgClient(discord.Client):
    def __init__(
        self,
        app: App,
        *,
        token_life: float = limits.TOKEN_LIFE_SECONDS - TOKEN_MARGIN_SECONDS,
        ack_budget: float = ACK_BUDGET_SECONDS,
        heartbeat: bool = False,
        form_life: float = FORM_LIFE_SECONDS,
        **options: Any,
    ) -> None:
        options.setdefault("intents", wg_intents())
        # Nothing the bot sends pings anyone unless a message says whom (render.Outgoing).
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(**options)
        self.app = app
        registry = app.dispatcher.registry
        self.buttons = ButtonKit([spec.prefix for spec in registry.actions()], self._on_click)
        self.runner = Runner(
            app.dispatcher,
            Responder(self.buttons.make),
            history=lambda loop: DiscordHistory(self, loop),
            token_life=token_life,
            ack_budget=ack_budget,
        )
        self.charter = CharterFlow(self.runner, life=form_life)
        self.listening: Listening | None = None
        self.heartbeat = heartbeat  # the record's heartbeat (serving: yes; tests: no)
        self.tree: app_commands.CommandTree[WgClient] = app_commands.CommandTree(self)
        tree.install(
            self.tree,
            registry,
            self.runner,
            app.dispatcher.vocabularies,
            hooks={CHARTER_PATH: self.charter.open_first},
        )

    async def setup_hook(self) -> None:
        """Runs on login, before any event: clicks on last week's buttons route again, and
        the record knows this process keeps messages from now on."""
        self.add_dynamic_items(self.buttons.item_class, self.charter.page_button)
        app = self.app
        self.listening = await asyncio.to_thread(
            Listening, app.database, Platform.DISCORD, app.dispatcher.clock
        )
        self.runner.live_since = self.listening.since
        if self.heartbeat:
            self.listening.start()

    async def _on_click(
        self, interaction: discord.Interaction[Any], action_id: str, value: str
    ) -> None:
        await self.runner.action(interaction, action_id, value)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Modal submissions are ours to route (forms.py), so that one whose form this process
        no longer knows is answered too; discord.py's modal store would drop it silently."""
        if interaction.type is discord.InteractionType.modal_submit:
            await self.charter.on_modal_submit(interaction)

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s", self.user)

    async def on_message(self, message: discord.Message) -> None:
        """A person's message in a guild channel or thread goes to the record (and counts as a
        voice heard); a thread counts for its own group, else for its parent channel's."""
        if message.author.bot or isinstance(message.channel, discord.abc.PrivateChannel):
            return
        dispatcher = self.app.dispatcher
        actor, at = actor_of(message.author), message.created_at
        where = where_of_message(message)  # a thread carries its parent: the core falls back
        await asyncio.to_thread(
            functools.partial(
                dispatcher.record_message,
                actor,
                where,
                at,
                message_id=str(message.id),
                text=chat_message(message).text,
                permalink=message.jump_url,
            )
        )

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Edits arrive raw, cached or not: the record keeps the new words."""
        message = payload.message
        if message.author.bot or "content" not in payload.data:
            return
        edited = message.edited_at or self.app.dispatcher.clock()
        where = Where(Platform.DISCORD, "")  # a snowflake is unique: no channel needed
        text = chat_message(message).text
        await asyncio.to_thread(
            self.app.dispatcher.record_edit, where, str(payload.message_id), text, edited
        )

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        where = Where(Platform.DISCORD, "")
        await asyncio.to_thread(self.app.dispatcher.record_delete, where, [str(payload.message_id)])

    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        where = Where(Platform.DISCORD, "")
        ids = sorted(str(i) for i in payload.message_ids)
        await asyncio.to_thread(self.app.dispatcher.record_delete, where, ids)
