"""The overview's data for every group, in a fixed number of queries.

Ten set-based reads (groups, member counts, chair counts, charter counts, sponsors,
liaisons, statements, votes, outputs, outputs with uptake) plus the latest-draft hook,
whatever the number of groups; everything else is computed in memory by the pure functions
in bot/domain and bot/overview.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.consensus import VERDICT_BUCKET, Ballot, Choice, Thresholds, consensus_map
from bot.domain.coverage import MemberProfile, compute_coverage
from bot.domain.coverage_mutes import without_muted
from bot.domain.dates import local_today
from bot.domain.sponsorship import sponsor_standing
from bot.domain.uptake import OutputFacts, without_uptake
from bot.domain.vocabulary import Vocabulary
from bot.overview.attention import Attention, GroupFacts, attention, sort_key
from bot.overview.drafts import latest_drafts
from storage.consensus.models import Vote
from storage.store import Store


@dataclass(frozen=True)
class StatementCounts:
    converge: int = 0
    diverge: int = 0
    wait: int = 0

    @property
    def total(self) -> int:
        return self.converge + self.diverge + self.wait


def statement_counts(
    statement_ids: list[int], votes: list[Vote], thresholds: Thresholds
) -> StatementCounts:
    by_statement: dict[int, list[Ballot]] = {sid: [] for sid in statement_ids}
    for vote in votes:
        choice = Choice.parse(vote.choice)
        if vote.statement_id in by_statement and choice is not None:
            by_statement[vote.statement_id].append(
                Ballot(vote.stakeholder_group, vote.region, choice)
            )
    buckets = Counter(
        VERDICT_BUCKET[consensus_map(ballots, thresholds).verdict]
        for ballots in by_statement.values()
    )
    return StatementCounts(buckets["converge"], buckets["diverge"], buckets["wait"])


@dataclass(frozen=True)
class OverviewRow:
    group_id: int
    name: str
    format: str
    goal: str | None
    facts: GroupFacts
    attention: Attention
    stakeholder_counts: tuple[tuple[str, int], ...]
    missing_regions: tuple[str, ...]
    liaisons: tuple[str, ...]
    # How many statements converge, diverge, or wait for voices or a majority.
    statements: StatementCounts = StatementCounts()
    # Published outputs, and those out 6 months or more that nobody is known to have used.
    outputs: int = 0
    without_uptake: int = 0
    region_counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Overview:
    rows: tuple[OverviewRow, ...]  # most attention first
    # outside body (display name) → names of the groups that liaise with it
    bodies: tuple[tuple[str, tuple[str, ...]], ...]
    stakeholders: tuple[str, ...]


def build_overview(
    store: Store,
    now: datetime,
    stakeholders: Vocabulary,
    regions: Vocabulary,
    thresholds: Thresholds | None = None,
) -> Overview:
    groups = store.groups.all()
    profiles = store.overview.member_profiles()
    charters = store.overview.charter_counts()
    chairs = store.overview.chair_counts()
    sponsors = store.overview.active_sponsors()
    liaisons = store.liaisons.all()
    mutes = store.coverage_mutes.topics_by_group()
    ids = [g.id for g in groups if g.id is not None]
    drafts = latest_drafts(store, ids)
    statements = store.statements.of_groups(ids)
    votes = store.votes.by_group_ids(ids)
    outputs = store.outputs.of_groups(ids)
    used = store.uptake.used_outputs(ids)

    names = {g.id: g.name for g in groups}
    liaisons_of: dict[int, list[str]] = defaultdict(list)
    body_names: dict[str, str] = {}
    body_groups: dict[str, list[str]] = defaultdict(list)
    for liaison in liaisons:
        liaisons_of[liaison.group_id].append(liaison.org_name)
        body_names.setdefault(liaison.org_key, liaison.org_name)
        body_groups[liaison.org_key].append(names.get(liaison.group_id, "?"))

    rows = []
    for group in groups:
        assert group.id is not None
        people = [
            MemberProfile(stakeholder, region)
            for stakeholder, region, count in profiles.get(group.id, [])
            for _ in range(count)
        ]
        # A gap the chairs muted (known, accepted, with a reason) scores no points here either.
        coverage = without_muted(
            compute_coverage(people, stakeholders, regions), mutes.get(group.id, set())
        )
        draft = drafts.get(group.id)
        today: date = local_today(now, group.timezone)
        facts = GroupFacts(
            name=group.name,
            has_goal=bool(group.goal),
            deadline=group.deadline,
            today=today,
            charter_done=charters.get(group.id, 0),
            members=coverage.members,
            missing_stakeholders=coverage.missing_stakeholders,
            only_western=coverage.only_western,
            sponsor=sponsor_standing(sponsors.get(group.id, []), now),
            last_draft=draft.created_at.date() if draft else None,
            has_chair=chairs.get(group.id, 0) > 0,
        )
        rows.append(
            OverviewRow(
                group_id=group.id,
                name=group.name,
                format=group.format,
                goal=group.goal,
                facts=facts,
                attention=attention(facts),
                stakeholder_counts=coverage.stakeholder_counts,
                missing_regions=coverage.missing_regions,
                liaisons=tuple(liaisons_of.get(group.id, ())),
                statements=statement_counts(
                    [s.id for s in statements.get(group.id, []) if s.id is not None],
                    votes.get(group.id, []),
                    thresholds or Thresholds(),
                ),
                region_counts=coverage.region_counts,
                outputs=len(outputs.get(group.id, [])),
                without_uptake=without_uptake(
                    [
                        OutputFacts(o.id, o.published_on)
                        for o in outputs.get(group.id, [])
                        if o.id is not None
                    ],
                    used,
                    today,
                ),
            )
        )
    rows.sort(key=lambda r: sort_key(r.facts, r.attention))
    bodies = tuple(
        (body_names[key], tuple(sorted(body_groups[key], key=str.casefold)))
        for key in sorted(body_names)
    )
    return Overview(rows=tuple(rows), bodies=bodies, stakeholders=stakeholders.names)
