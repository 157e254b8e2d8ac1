"""Wording shared by several commands, so status, coverage and nudges say things the same way."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from bot.core.context import Context
from bot.core.settings import CoreSettings
from bot.domain.coverage import Coverage, MemberProfile, compute_coverage
from bot.domain.sponsorship import sponsor_standing
from bot.overview.attention import GroupFacts
from commands.consensus_view import diverging_warnings
from storage.groups.models import WorkingGroup
from storage.store import Store

VOICES_WINDOW_DAYS = 28


def group_coverage(ctx: Context) -> tuple[Coverage, int]:
    """Coverage of the channel's group, with voices heard over the last four weeks.

    Returns the coverage and the number of recent messages from people who are not members.
    """
    since = ctx.today - timedelta(days=VOICES_WINDOW_DAYS)
    return coverage_of(ctx.store, ctx.settings, ctx.group_id, since, ctx.now)


def coverage_of(
    store: Store, settings: CoreSettings, group_id: int, since: date, now: datetime | None = None
) -> tuple[Coverage, int]:
    """Coverage of any group with the voices heard since `since` (the scheduler uses it
    outside a command). Returns the coverage and the messages from non-members.

    Members who lapsed at a rollover (no answer to "continue?", as of `now`) do not count;
    a comment on a draft is a voice heard like a message."""
    lapsed = (
        store.cycle.lapsed(group_id, now, timedelta(days=settings.wgbot_renewal_days))
        if now is not None
        else set()
    )
    members = [m for m in store.members.of_group(group_id) if (m.platform, m.user_id) not in lapsed]
    spoken = dict(store.record.voices_since(group_id, since))
    start = datetime.combine(since, time(0), tzinfo=UTC)
    for identity, count in store.comments.voices_since(group_id, start).items():
        spoken[identity] = spoken.get(identity, 0) + count
    by_identity = {(m.platform, m.user_id): m.stakeholder_group for m in members}
    voices: dict[str, int] = {}
    outsiders = 0
    for identity, count in spoken.items():
        stakeholder = by_identity.get(identity)
        if stakeholder:
            voices[stakeholder] = voices.get(stakeholder, 0) + count
        else:
            outsiders += count
    coverage = compute_coverage(
        (MemberProfile(m.stakeholder_group, m.region) for m in members),
        settings.stakeholders,
        settings.regions,
        voices=voices,
    )
    warnings = diverging_warnings(store, settings, group_id, coverage)
    if warnings:
        coverage = replace(coverage, consensus_warnings=warnings)
    return coverage, outsiders


def group_facts(
    store: Store, group: WorkingGroup, today: date, now: datetime, coverage: Coverage
) -> GroupFacts:
    """The facts the attention rules (bot/overview/attention.py) read, for one group: status
    and home judge a group as the MAG overview does."""
    assert group.id is not None
    draft = store.summarizer.latest(group.id, kept_only=True)
    return GroupFacts(
        name=group.name,
        has_goal=bool(group.goal),
        deadline=group.deadline,
        today=today,
        charter_done=len(store.charter.answers(group.id)),
        members=coverage.members,
        missing_stakeholders=coverage.missing_stakeholders,
        only_western=coverage.only_western,
        sponsor=sponsor_standing(store.sponsors.of_group(group.id), now),
        last_draft=draft.created_at.date() if draft else None,
        has_chair=bool(store.members.chairs(group.id)),
    )


def bar(count: int, total: int, width: int = 10) -> str:
    if total <= 0:
        return ""
    filled = round(width * count / total)
    return "█" * filled + "·" * (width - filled)


def last_draft_phrase(store: Store, group_id: int) -> str:
    """The group's newest kept draft, as status and the sponsor's nudge show it."""
    draft = store.summarizer.latest(group_id, kept_only=True)
    if draft is None:
        return "none yet: a chair can run `/summarize`"
    return f"v{draft.version} of {draft.created_at:%Y-%m-%d} ({draft.status}; `/wg drafts`)"
