"""Namespaced component custom ids: `action_id|value`, at most 100 characters."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.frontends.discord.limits import CUSTOM_ID

SEPARATOR = "|"


def encode(action_id: str, value: str) -> str:
    custom_id = f"{action_id}{SEPARATOR}{value}"
    if SEPARATOR in action_id or len(custom_id) > CUSTOM_ID:
        raise ValueError(f"custom id {custom_id!r} is invalid or over {CUSTOM_ID} characters")
    return custom_id


def decode(custom_id: str) -> tuple[str, str]:
    action_id, _, value = custom_id.partition(SEPARATOR)
    return action_id, value


def action_template(prefixes: Iterable[str]) -> re.Pattern[str]:
    """Matches `PREFIX:verb|value` for the registered prefixes only (nothing if there are none)."""
    names = sorted(prefixes, key=len, reverse=True)
    if not names:
        return re.compile(r"(?!)")
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(
        rf"(?P<action>(?:{alternatives}):[^|]*)\|(?P<value>.*)",
        re.DOTALL,
    )
