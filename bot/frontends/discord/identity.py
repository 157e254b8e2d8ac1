"""Discord objects → the core's Actor / Where / UserRef. Identity is the Discord user id."""

from __future__ import annotations

from typing import Any

import discord

from bot.core.messages import Actor, Platform, UserRef, Where


def actor_of(user: discord.abc.User) -> Actor:
    return Actor(Platform.DISCORD, str(user.id), user.display_name)


def user_ref(user: discord.abc.User) -> UserRef:
    return UserRef(user_id=str(user.id), display_name=user.display_name)


def _where(channel: object, channel_id: int | None, fallback: int) -> Where:
    """A thread reports its parent channel too: the core finds the thread's own group,
    else the parent channel's."""
    if isinstance(channel, discord.Thread) and channel.parent_id:
        return Where(Platform.DISCORD, str(channel.parent_id), thread_id=str(channel.id))
    return Where(Platform.DISCORD, str(channel_id or fallback))


def where_of(interaction: discord.Interaction[Any]) -> Where:
    return _where(interaction.channel, interaction.channel_id, interaction.user.id)


def where_of_message(message: discord.Message) -> Where:
    return _where(message.channel, message.channel.id, message.channel.id)
