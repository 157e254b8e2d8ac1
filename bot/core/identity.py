"""Who and where a request comes from, made storable (never refused: the platform named
them), and the working group that place belongs to."""

from __future__ import annotations

from dataclasses import replace

from bot.core.messages import Actor, Where
from bot.ground.normalise import tidy
from storage.groups.models import WorkingGroup
from storage.store import Store

# Identities and places as the storage columns hold them.
MAX_ID = 100
MAX_DISPLAY_NAME = 200


def clean_actor(actor: Actor) -> Actor:
    """Who typed, as the platform or `/as` named them: never refused, made storable."""
    return replace(
        actor,
        user_id=tidy(actor.user_id, max_length=MAX_ID) or "unknown",
        display_name=tidy(actor.display_name, max_length=MAX_DISPLAY_NAME),
    )


def clean_where(where: Where) -> Where:
    thread = tidy(where.thread_id, max_length=MAX_ID) if where.thread_id else None
    return replace(
        where, channel_id=tidy(where.channel_id, max_length=MAX_ID), thread_id=thread or None
    )


def group_of(store: Store, where: Where) -> WorkingGroup | None:
    """The group bound to this thread, else to its channel: a thread inside a group's channel
    belongs to that group unless it was bound to a group of its own."""
    platform = where.platform.value
    if where.thread_id:
        group = store.groups.by_channel(platform, where.thread_id)
        if group is not None:
            return group
    return store.groups.by_channel(platform, where.channel_id)
