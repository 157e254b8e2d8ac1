"""Discord objects → the core's Actor / Where / UserRef. Identity is the Discord user id."""

from __future__ import annotations

from typing import Any

import discord

from bot.core.messages import Actor, Platform, UserRef, Where


def actor_of(user: discord.abc.User) -> Actor:
    return Actor(Platform.DISCORD, str(user.id), user.display_name)


def user_ref(user: discord.abc.User) -> UserRef:
    return UserRef(user_id=str(user.id), display_name=user.display_name)


def where_of(interaction: discord.Interaction[Any]) -> Where:
    """A group binds to a guild channel or a thread: a thread is its own channel id."""
    return Where(Platform.DISCORD, str(interaction.channel_id or interaction.user.id))


def where_of_message(message: discord.Message) -> Where:
    return Where(Platform.DISCORD, str(message.channel.id))
