"""States stored as text that the domain's rules and storage's queries both name."""

from __future__ import annotations

from enum import StrEnum


class SponsorState(StrEnum):
    """A MAG sponsor's answer to their nudge (the `sponsor.state` column)."""

    UNCONFIRMED = "unconfirmed"
    COMMITTED = "committed"
    SNOOZED = "snoozed"
    STEPPED_DOWN = "stepped_down"
