"""The commands, one module per area, and the registry they build: plain functions over a
`Context`. They use the neutral core, the domain rules, storage, and the core-side services
(the summarizer, the overview, the record); never a front end nor the scheduler: what they send
outside their reply goes through the ports in `ctx.services` (a test checks the imports)."""

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
