"""Persistent buttons: one DynamicItem class whose template matches every registered action
prefix, so a button sent last week still routes after a restart (discord.py re-creates the
item from its custom id; nothing is kept in memory per message)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import discord

from bot.core.messages import Button
from bot.frontends.discord import limits
from bot.frontends.discord.custom_ids import action_template, encode
from bot.frontends.discord.render import STYLES

Click = Callable[["discord.Interaction[Any]", str, str], Awaitable[None]]


def action_button_class(prefixes: Iterable[str], on_click: Click) -> type[Any]:
    """A DynamicItem class for these prefixes that hands each click to `on_click`."""
    template = action_template(prefixes)

    class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=template):
        def __init__(
            self,
            action_id: str,
            value: str,
            label: str = "…",
            style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        ) -> None:
            super().__init__(
                discord.ui.Button(label=label, style=style, custom_id=encode(action_id, value))
            )
            self.action_id = action_id
            self.value = value

        @classmethod
        async def from_custom_id(
            cls,
            interaction: discord.Interaction[Any],
            item: discord.ui.Item[Any],
            match: re.Match[str],
        ) -> ActionButton:
            return cls(match["action"], match["value"])

        async def callback(self, interaction: discord.Interaction[Any]) -> None:
            await on_click(interaction, self.action_id, self.value)

    return ActionButton


class ButtonKit:
    """Builds outgoing buttons as the same DynamicItem class that receives their clicks."""

    def __init__(self, prefixes: Iterable[str], on_click: Click) -> None:
        self.item_class = action_button_class(prefixes, on_click)

    def make(self, button: Button) -> discord.ui.Item[Any]:
        item: discord.ui.Item[Any] = self.item_class(
            button.action_id,
            button.value,
            label=limits.clip(button.label, limits.BUTTON_LABEL),
            style=STYLES[button.style],
        )
        return item
