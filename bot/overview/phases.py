"""The cycle in the MAG's overview: each group's phase and whether it runs late (the overview's
phase column and "late" marker), and the weekly list of late groups for the admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.messages import Reply, Section
from bot.core.settings import CoreSettings
from bot.domain.dates import local_today
from bot.timeline import Timeline, group_timeline, group_timelines
from storage.groups.models import WorkingGroup
from storage.store import Store

NO_CYCLE = "—"
MAX_DIGEST_LINES = 30


@dataclass(frozen=True)
class GroupPhase:
    name: str  # the phase, or NO_CYCLE
    late: tuple[str, ...] = ()  # `Charter agreed 12 days late`

    @property
    def cell(self) -> str:
        """The overview's phase column: `Drafting`, `Drafting · late`."""
        return self.name + (" · late" if self.late else "")


def group_phase(
    store: Store, settings: CoreSettings, group: WorkingGroup, now: datetime
) -> GroupPhase:
    return _phase(group, group_timeline(store, settings, group), now)


def _phase(group: WorkingGroup, line: Timeline, now: datetime) -> GroupPhase:
    if line.year is None:
        return GroupPhase(NO_CYCLE)
    today = local_today(now, group.timezone)
    phase = line.phase(today)
    return GroupPhase(phase.name, tuple(f"{m.label} {m.state(today)}" for m in phase.late))


def phases(store: Store, settings: CoreSettings, now: datetime) -> dict[int, GroupPhase]:
    """Every group's phase, in a fixed number of queries (the overview reads all groups)."""
    groups = store.groups.all()
    lines = group_timelines(store, settings, groups)
    return {g.id: _phase(g, lines[g.id], now) for g in groups if g.id is not None}


def late_digest(store: Store, settings: CoreSettings, now: datetime) -> Reply | None:
    """The groups running late in the cycle, with what is late; None when none is."""
    names = {g.id: g.name for g in store.groups.all()}
    lines = [
        f"{names[gid]} ({phase.name}): {', '.join(phase.late)}"
        for gid, phase in phases(store, settings, now).items()
        if phase.late
    ]
    if not lines:
        return None
    count = len(lines)
    if count > MAX_DIGEST_LINES:
        lines = [
            *lines[:MAX_DIGEST_LINES],
            f"… and {count - MAX_DIGEST_LINES} more in `\ue000/wg overview`",
        ]
    return Reply(
        title="Groups running late in the cycle",
        text=(
            f"{count} group{'s are' if count != 1 else ' is'} past a milestone without marking "
            "it done. Their sponsors see it in this week's nudge."
        ),
        sections=(Section("Group (phase): late milestones", tuple(lines)),),
        metadata={"kind": "late-digest"},
    )
