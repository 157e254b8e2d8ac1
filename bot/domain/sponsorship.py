"""Where a MAG sponsor stands (R4): one rule for `/wg status`, `/wg home`, the nudge and the
MAG overview, so a sponsor reads the same everywhere.

A commitment lasts until its end date and has lapsed after it; a snooze counts only until its
end; a sponsor who stepped down no longer counts for the group; anyone else is not yet
confirmed. A group stands as well as its best sponsor.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.ground.states import SponsorState


class SponsorStanding(StrEnum):
    COMMITTED = "committed"
    SNOOZED = "snoozed"
    LAPSED = "lapsed"
    UNCONFIRMED = "unconfirmed"
    STEPPED_DOWN = "stepped down"
    NONE = "none"


# Best first: a group stands as well as the first of these any of its sponsors has.
_BEST = (
    SponsorStanding.COMMITTED,
    SponsorStanding.SNOOZED,
    SponsorStanding.LAPSED,
    SponsorStanding.UNCONFIRMED,
)


class SponsorLike(Protocol):
    @property
    def state(self) -> str: ...
    @property
    def state_until(self) -> datetime | None: ...
    @property
    def user_id(self) -> str: ...
    @property
    def display_name(self) -> str | None: ...


def standing_of(sponsor: SponsorLike, now: datetime) -> SponsorStanding:
    until = sponsor.state_until
    current = until is not None and until > now
    if sponsor.state == SponsorState.STEPPED_DOWN.value:
        return SponsorStanding.STEPPED_DOWN
    if sponsor.state == SponsorState.COMMITTED.value:
        # A commitment without an end date (never written by the bot) counts as lapsed.
        return SponsorStanding.COMMITTED if current else SponsorStanding.LAPSED
    if sponsor.state == SponsorState.SNOOZED.value and current:
        return SponsorStanding.SNOOZED
    return SponsorStanding.UNCONFIRMED


def sponsor_standing(sponsors: Iterable[SponsorLike], now: datetime) -> SponsorStanding:
    """The best standing among a group's sponsors right now (NONE: nobody stands by it)."""
    found = {standing_of(s, now) for s in sponsors}
    return next((s for s in _BEST if s in found), SponsorStanding.NONE)


def sponsor_phrase(sponsor: SponsorLike, now: datetime) -> str:
    """`@Marta: committed to support until 2027-01-18`, as status and home show it."""
    who = f"@{sponsor.display_name or sponsor.user_id}"
    until = sponsor.state_until.date().isoformat() if sponsor.state_until else ""
    standing = standing_of(sponsor, now)
    phrase = {
        SponsorStanding.COMMITTED: f"committed to support until {until}",
        SponsorStanding.LAPSED: f"commitment lapsed on {until}" if until else "commitment lapsed",
        SponsorStanding.SNOOZED: f"snoozed until {until}",
        SponsorStanding.STEPPED_DOWN: "stepped down",
    }.get(standing, "not yet confirmed")
    return f"{who}: {phrase}"
