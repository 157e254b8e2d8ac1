"""The little this feature needs from the cycle (issue 26): which cycle a group is in, the
day of its uptake-review milestone, and its phase and lateness for the MAG board. The one
place that reads the cycle, so the dependency stays this small."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storage.store import Store


@dataclass(frozen=True)
class CycleFacts:
    year: int | None
    phase: str | None  # None: no cycle set yet
    late: tuple[str, ...]  # "Charter agreed 12 days late"
    review: date | None  # the uptake-review milestone's day
    # (label, day, state) in cycle order: "Final report", 2027-03-01, "due in 3 days"
    timeline: tuple[tuple[str, date, str], ...] = ()


NO_CYCLE = CycleFacts(None, None, (), None)


def cycle_facts(store: Store, group_id: int, today: date) -> CycleFacts:
    """Before the cycle exists: no year, no phase, no review day."""
    del store, group_id, today
    return NO_CYCLE


def cycle_year(store: Store, group_id: int, published: date) -> int:
    """The cycle an output published that day belongs to: the group's cycle then, or the
    year it was published in."""
    return cycle_facts(store, group_id, published).year or published.year
