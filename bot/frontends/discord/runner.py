"""Interaction → dispatcher → reply, without ever blocking the event loop on the database.

Dispatcher calls run in a worker thread (asyncio.to_thread). A quick command answers at
once (type 4); if the database is slow the interaction is deferred before Discord's 3 s run
out. A slow command (Command.slow) defers first, reports progress by editing the original
response, and posts a channel message instead if it outlives the 15-minute token.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import discord

from bot.core import notices
from bot.core.dispatcher import Dispatcher
from bot.core.messages import Action, Invocation, Reply
from bot.core.ports import HistoryReader, Services
from bot.core.registry import Command
from bot.frontends.discord import limits
from bot.frontends.discord.identity import actor_of, where_of
from bot.frontends.discord.responder import Responder
from bot.frontends.discord.text import inert

log = logging.getLogger(__name__)

# Answer quick commands directly if the core replies within this; defer otherwise.
ACK_BUDGET_SECONDS = 2.0
# Leave a minute's margin before the interaction token expires.
TOKEN_MARGIN_SECONDS = 60.0

HistoryFactory = Callable[[asyncio.AbstractEventLoop], HistoryReader | None]


class Runner:
    def __init__(
        self,
        dispatcher: Dispatcher,
        responder: Responder,
        history: HistoryFactory | None = None,
        token_life: float = limits.TOKEN_LIFE_SECONDS - TOKEN_MARGIN_SECONDS,
        ack_budget: float = ACK_BUDGET_SECONDS,
    ) -> None:
        self.ack_budget = ack_budget
        self.dispatcher = dispatcher
        self.responder = responder
        self.history = history
        self.token_life = token_life
        # Since when this client keeps the messages it receives (set on login).
        self.live_since: datetime | None = None

    async def command(
        self,
        interaction: discord.Interaction[Any],
        command: Command,
        options: Mapping[str, object],
    ) -> None:
        invocation = Invocation(
            actor=actor_of(interaction.user),
            where=where_of(interaction),
            path=command.path,
            args=dict(options),
        )
        if command.slow:
            await self._slow(interaction, invocation)
            return
        reply = await self._within_ack(interaction, self.dispatcher.handle, invocation)
        await self.responder.answer(interaction, reply)

    async def action(
        self, interaction: discord.Interaction[Any], action_id: str, value: str
    ) -> None:
        action = Action(
            actor=actor_of(interaction.user),
            where=where_of(interaction),
            action_id=action_id,
            value=value,
        )
        reply = await self._within_ack(interaction, self.dispatcher.handle_action, action)
        await self.responder.answer(interaction, reply)

    async def form_defaults(
        self, interaction: discord.Interaction[Any], form_id: str
    ) -> dict[str, str]:
        """The form's current values (to pre-fill it), read off the loop."""
        return await asyncio.to_thread(
            self.dispatcher.form_defaults,
            actor_of(interaction.user),
            where_of(interaction),
            form_id,
        )

    async def submit_form(
        self, interaction: discord.Interaction[Any], form_id: str, fields: Mapping[str, str]
    ) -> Reply:
        """A whole modal off the loop, in one core transaction."""
        return await asyncio.to_thread(
            self.dispatcher.handle_form,
            actor_of(interaction.user),
            where_of(interaction),
            form_id,
            dict(fields),
        )

    async def _within_ack(
        self, interaction: discord.Interaction[Any], call: Callable[[Any], Reply], arg: object
    ) -> Reply:
        task = asyncio.ensure_future(asyncio.to_thread(call, arg))
        done, _ = await asyncio.wait({task}, timeout=self.ack_budget)
        if not done and not interaction.response.is_done():
            await interaction.response.defer(thinking=True)
        return await task

    async def _slow(self, interaction: discord.Interaction[Any], invocation: Invocation) -> None:
        await interaction.response.defer(thinking=True)
        loop = asyncio.get_running_loop()
        started = loop.time()
        pending: list[concurrent.futures.Future[Any]] = []

        def progress(text: str) -> None:
            if loop.time() - started < self.token_life:
                shown = inert(notices.progress(text))
                edit = interaction.edit_original_response(
                    content=limits.clip(shown, limits.MESSAGE_CONTENT)
                )
                pending.append(asyncio.run_coroutine_threadsafe(edit, loop))

        services = Services(
            progress=progress,
            history=self.history(loop) if self.history else None,
            live_since=self.live_since,
        )
        reply = await asyncio.to_thread(self.dispatcher.handle, invocation, services)
        for future in pending:  # a late progress edit must not overwrite the result
            try:
                await asyncio.wrap_future(future)
            except discord.HTTPException as exc:
                log.warning("progress update failed: %s", exc)
        if loop.time() - started < self.token_life:
            await self.responder.answer(interaction, reply)
        else:
            await self.responder.post(interaction, reply)
