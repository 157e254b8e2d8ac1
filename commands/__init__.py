"""The commands, one module per area. They see only the neutral core and storage: no Slack,
no Discord (a test enforces it)."""

from __future__ import annotations

from bot.core.registry import Registry
from commands import charter, coverage_mute, groups, help, membership, nudges, sponsors, status


def build_registry() -> Registry:
    registry = Registry()
    for module in (help, groups, charter, membership, sponsors, status, coverage_mute, nudges):
        module.register(registry)
    return registry
