"""Scheduled messages name commands as the recipient's platform types them (`/wg-chair goal`
on Discord): the marks the core wrote (bot/core/command_ref.py) rendered by the registry."""

from __future__ import annotations

from functools import cache

from bot.core.messages import Platform, Reply
from bot.core.registry import Registry


@cache
def _registry() -> Registry:
    from commands import build_registry  # the commands import the scheduler's neighbours

    return build_registry()


def spelled(reply: Reply, platform: Platform) -> Reply:
    return _registry().spell_reply(reply, platform.value)
