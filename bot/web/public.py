"""A published group's public page: what the IGF secretariat would put on its website.
Counts, never names: coverage is numbers per stakeholder group and region; uptake names
bodies, not the people who recorded it; statements carry their verdict per stakeholder
group and the dissent exactly as the outcome document quotes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.settings import CoreSettings
from bot.domain.dates import days_left_phrase, local_today
from bot.uptake.cycle_view import cycle_facts
from bot.web.board import OutputItem, outputs_of
from commands.consensus_view import dissent, quote, results, tally_phrase
from commands.presenters import VOICES_WINDOW_DAYS, coverage_of
from storage.consensus.models import StatementStatus
from storage.store import Store


@dataclass(frozen=True)
class StatementItem:
    number: int
    text: str
    verdict: str
    by_group: tuple[tuple[str, str], ...]  # stakeholder group, "3 agree · 1 disagree · 0 pass"
    not_heard: tuple[str, ...]
    dissent: tuple[str, ...]


@dataclass(frozen=True)
class PublicGroup:
    group_id: int
    name: str
    format: str
    goal: str | None
    deadline_phrase: str
    phase: str | None
    timeline: tuple[tuple[str, date, str], ...]
    members: int
    stakeholder_counts: tuple[tuple[str, int], ...]
    region_counts: tuple[tuple[str, int], ...]
    outputs: tuple[OutputItem, ...]
    statements: tuple[StatementItem, ...]


@dataclass(frozen=True)
class IndexItem:
    group_id: int
    name: str
    format: str
    goal: str | None
    outputs: int


def published(store: Store) -> list[IndexItem]:
    ids = set(store.public_pages.group_ids())
    groups = [g for g in store.groups.all() if g.id in ids]
    outputs = store.outputs.of_groups(sorted(ids))
    return sorted(
        (
            IndexItem(g.id, g.name, g.format, g.goal, len(outputs.get(g.id, [])))
            for g in groups
            if g.id is not None
        ),
        key=lambda i: i.name.casefold(),
    )


def public_group(
    store: Store, settings: CoreSettings, group_id: int, now: datetime
) -> PublicGroup | None:
    """None unless the group exists and its chairs published it."""
    group = store.groups.get(group_id)
    if group is None or store.public_pages.get(group_id) is None:
        return None
    today = local_today(now, group.timezone)
    coverage, _ = coverage_of(store, settings, group_id, today - timedelta(days=VOICES_WINDOW_DAYS))
    cycle = cycle_facts(store, settings, group, today)
    timeline = cycle.timeline
    if not timeline and group.deadline is not None:
        timeline = (("Deadline", group.deadline, days_left_phrase(group.deadline, today)),)
    statements = tuple(
        StatementItem(
            item.statement.number,
            quote(item.statement.text),
            item.verdict_line,
            tuple((name, tally_phrase(t)) for name, t in item.result.by_group.items()),
            item.result.groups_not_heard,
            tuple(dissent(item.votes)),
        )
        for item in results(store, settings, group_id)
        if item.statement.status == StatementStatus.CLOSED.value
    )
    return PublicGroup(
        group_id=group_id,
        name=group.name,
        format=group.format,
        goal=group.goal,
        deadline_phrase=days_left_phrase(group.deadline, today),
        phase=cycle.phase,
        timeline=timeline,
        members=coverage.members,
        stakeholder_counts=coverage.stakeholder_counts,
        region_counts=coverage.region_counts,
        outputs=outputs_of(store, [group_id]).get(group_id, ()),
        statements=statements,
    )
