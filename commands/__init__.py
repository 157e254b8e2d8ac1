"""The commands, one module per area. They see only the neutral core and storage: no Slack,
no Discord (a test enforces it)."""

from __future__ import annotations

from bot.core.registry import Registry
from commands import charter, groups, help, home, membership, sponsors, status


def build_registry() -> Registry:
    registry = Registry()
    for module in (help, groups, charter, membership, sponsors, status, home):
        module.register(registry)
    return registry
