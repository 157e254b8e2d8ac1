"""The cycle in the MAG's overview: each group's phase and whether it runs late (the overview's
phase column and "late" marker), and the weekly list of late groups for the admins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.config import Settings
from bot.core.messages import Reply, Section
from bot.domain.dates import local_today
from bot.timeline import group_timeline
from storage.models import WorkingGroup
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


def group_phase(store: Store, settings: Settings, group: WorkingGroup, now: datetime) -> GroupPhase:
    line = group_timeline(store, settings, group)
    if line.year is None:
        return GroupPhase(NO_CYCLE)
    today = local_today(now, group.timezone)
    phase = line.phase(today)
    return GroupPhase(phase.name, tuple(f"{m.label} {m.state(today)}" for m in phase.late))


def phases(
    store: Store, settings: Settings, group_ids: Iterable[int], now: datetime
) -> dict[int, GroupPhase]:
    found: dict[int, GroupPhase] = {}
    for group_id in group_ids:
        group = store.groups.get(group_id)
        if group is not None:
            found[group_id] = group_phase(store, settings, group, now)
    return found


def late_digest(store: Store, settings: Settings, now: datetime) -> Reply | None:
    """The groups running late in the cycle, with what is late; None when none is."""
    lines = []
    for group in store.groups.all():
        phase = group_phase(store, settings, group, now)
        if phase.late:
            lines.append(f"{group.name} ({phase.name}): {', '.join(phase.late)}")
    if not lines:
        return None
    count = len(lines)
    if count > MAX_DIGEST_LINES:
        lines = [
            *lines[:MAX_DIGEST_LINES],
            f"… and {count - MAX_DIGEST_LINES} more in `/wg overview`",
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
