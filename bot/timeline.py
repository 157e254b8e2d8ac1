"""A group's timeline and phase as stored: the one place that joins the cycle's meeting date,
the offsets (settings), the chairs' moves and marks, and the group's deadline (its final
report). Commands, the scheduler, the overview and exports all read it from here.

API (kept small for the features built on it, e.g. outputs and uptake):
- `group_timeline(store, settings, group) -> Timeline`
- `Timeline.milestones`, `.phase(today)`, `.get(key)`, `.year`, `.meeting`
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.settings import CoreSettings
from bot.domain.cycle import Milestone, Phase, is_late, phase_of, timeline
from storage.cycle.models import GroupCycle, MilestoneMark
from storage.groups.models import WorkingGroup
from storage.store import Store


@dataclass(frozen=True)
class Timeline:
    year: int | None  # the cycle the group is in (None: no cycle set yet)
    meeting: date | None
    milestones: tuple[Milestone, ...]
    closed: bool = False  # the group rolled over: this year is read-only

    def phase(self, today: date) -> Phase:
        return phase_of(self.milestones, today)

    def late(self, today: date) -> bool:
        return is_late(self.milestones, today)

    def get(self, key: str) -> Milestone | None:
        return next((m for m in self.milestones if m.key == key), None)


def group_timeline(
    store: Store, settings: CoreSettings, group: WorkingGroup, year: int | None = None
) -> Timeline:
    """The group's milestones in the cycle it is in (or in `year`, for history)."""
    assert group.id is not None
    current = store.cycle.year_of(group.id)
    year = current if year is None else year
    cycle = store.cycle.get(year) if year is not None else None
    moved: dict[str, date] = {}
    done: dict[str, date] = {}
    # A group without a cycle keeps its final report's mark under year 0.
    for mark in store.cycle.marks(group.id, year if year is not None else 0):
        if mark.due is not None:
            moved[mark.key] = mark.due
        if mark.done_on is not None:
            done[mark.key] = mark.done_on
    # The deadline is the final report of the cycle the group is in, not of past ones.
    deadline = group.deadline if year == current else None
    row = store.cycle.group_cycle(group.id, year) if year is not None else None
    items = timeline(
        cycle.meeting if cycle else None, settings.cycle_offsets, moved, done, deadline
    )
    return Timeline(
        year,
        cycle.meeting if cycle else None,
        tuple(items),
        closed=row is not None and row.closed_at is not None,
    )


def group_timelines(
    store: Store, settings: CoreSettings, groups: Sequence[WorkingGroup]
) -> dict[int, Timeline]:
    """Many groups' current timelines in three queries (the MAG overview reads every group):
    the same rules as `group_timeline`."""
    ids = [g.id for g in groups if g.id is not None]
    cycles = {c.year: c for c in store.cycle.all()}
    newest = max(cycles, default=None)
    rows: dict[int, list[GroupCycle]] = {}
    for row in store.cycle.rows_of(ids):
        rows.setdefault(row.group_id, []).append(row)
    marks: dict[tuple[int, int], list[MilestoneMark]] = {}
    for mark in store.cycle.marks_of(ids):
        marks.setdefault((mark.group_id, mark.year), []).append(mark)
    out: dict[int, Timeline] = {}
    for group in groups:
        if group.id is None:
            continue
        own = sorted(rows.get(group.id, []), key=lambda r: r.year)
        year = own[-1].year if own else newest
        cycle = cycles.get(year) if year is not None else None
        found = marks.get((group.id, year if year is not None else 0), [])
        moved = {m.key: m.due for m in found if m.due is not None}
        done = {m.key: m.done_on for m in found if m.done_on is not None}
        meeting = cycle.meeting if cycle else None
        items = timeline(meeting, settings.cycle_offsets, moved, done, group.deadline)
        closed = bool(own) and own[-1].closed_at is not None
        out[group.id] = Timeline(year, meeting, tuple(items), closed=closed)
    return out


def phase_line(line: Timeline, today: date, *, late: bool = True) -> str:
    """`Public comments (since 2027-05-11) · next: Comments close in 12 days` plus lateness:
    the line status, App Home and the sponsor's nudge show."""
    if not line.milestones:
        if line.year is not None:
            return (
                f"the {line.year} cycle has no meeting date yet: a MAG admin sets it with "
                f"`\ue000/wg cycle {line.year} meeting DATE`"
            )
        return "no cycle set: a MAG admin sets one with `\ue000/wg cycle YEAR meeting DATE`"
    phase = line.phase(today)
    text = phase.name + (f" (since {phase.since.isoformat()})" if phase.since else "")
    if phase.next is not None and not phase.late:
        text += f" · next: {phase.next.label} {phase.next.state(today)}"
    lateness = phase.late_phrase(today) if late else ""
    return text + (f" · ⚠ {lateness}" if lateness else "")


def late_groups(lines: Sequence[tuple[str, Timeline]], today: date) -> list[str]:
    return [name for name, line in lines if line.late(today)]


def phase_field(
    store: Store, settings: CoreSettings, group: WorkingGroup, today: date
) -> tuple[str | None, list[str]]:
    """The phase line and the late milestones as warnings, for a group in a cycle (status,
    App Home, the sponsor's nudge); (None, []) for a group outside any cycle."""
    line = group_timeline(store, settings, group)
    if line.year is None:
        return None, []
    phase = line.phase(today)
    late = [f"{m.label} is {m.state(today)} (due {m.due.isoformat()})" for m in phase.late]
    return phase_line(line, today, late=False), late


def timeline_markdown(
    store: Store, settings: CoreSettings, group: WorkingGroup, today: date, year: int | None = None
) -> list[str]:
    """The export's "Timeline" section: each milestone, its date and state."""
    line = group_timeline(store, settings, group, year)
    title = "## Timeline" + (f" (cycle {line.year})" if line.year else "")
    if not line.milestones:
        return [title, "_No cycle set and no deadline._"]
    out = [title, f"Phase: {phase_line(line, today)}", "", "| milestone | date | state |"]
    out.append("| --- | --- | --- |")
    out += [f"| {m.label} | {m.due.isoformat()} | {m.state(today)} |" for m in line.milestones]
    return out
