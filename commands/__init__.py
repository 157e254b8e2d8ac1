"""The commands, one module per area. They see only the neutral core and storage: no Slack,
no Discord (a test enforces it)."""

from __future__ import annotations

from bot.core.registry import Registry
from commands import (
    charter,
    comments,
    consensus,
    coverage_mute,
    cycle,
    drafts,
    email,
    forget,
    groups,
    help,
    history,
    home,
    liaisons,
    lists,
    membership,
    nudges,
    outputs,
    overview,
    people,
    publish,
    rollover,
    sponsors,
    status,
    summarize,
    uptake,
)

# The order is the order of `/wg help`: the everyday commands first.
MODULES = (
    help,
    groups,
    charter,
    membership,
    sponsors,
    people,
    status,
    cycle,
    home,
    coverage_mute,
    nudges,
    summarize,
    drafts,
    comments,
    forget,
    lists,
    email,
    consensus,
    rollover,
    history,
    overview,
    liaisons,
    outputs,
    uptake,
    publish,
)


def build_registry() -> Registry:
    registry = Registry()
    for module in MODULES:
        module.register(registry)
    return registry
