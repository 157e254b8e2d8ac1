"""The little this feature needs from the cycle (issue 26, bot/timeline.py): which cycle a
group is in, the day of its uptake-review milestone, its phase, lateness and timeline. The
one place that reads the cycle, so the dependency stays this small."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.settings import CoreSettings
from bot.domain.cycle import UPTAKE_REVIEW
from bot.timeline import Timeline, group_timeline, group_timelines
from storage.groups.models import WorkingGroup
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


def cycle_facts(
    store: Store, settings: CoreSettings, group: WorkingGroup, today: date
) -> CycleFacts:
    return facts_of(group_timeline(store, settings, group), today)


def cycle_facts_of(
    store: Store,
    settings: CoreSettings,
    groups: Sequence[WorkingGroup],
    today_of: Mapping[int, date],
) -> dict[int, CycleFacts]:
    """Every group's facts in a fixed number of queries (the MAG board reads all groups)."""
    lines = group_timelines(store, settings, groups)
    return {gid: facts_of(line, today_of[gid]) for gid, line in lines.items()}


def facts_of(line: Timeline, today: date) -> CycleFacts:
    if line.year is None and not line.milestones:
        return NO_CYCLE
    review = line.get(UPTAKE_REVIEW)
    phase = line.phase(today) if line.milestones else None
    return CycleFacts(
        year=line.year,
        phase=phase.name if phase and line.year is not None else None,
        late=tuple(f"{m.label} {m.state(today)}" for m in phase.late) if phase else (),
        review=review.due if review else None,
        timeline=tuple((m.label, m.due, m.state(today)) for m in line.milestones),
    )


def cycle_year(store: Store, settings: CoreSettings, group: WorkingGroup, published: date) -> int:
    """The cycle an output published that day belongs to: the group's cycle, or the year it
    was published in."""
    return cycle_facts(store, settings, group, published).year or published.year
