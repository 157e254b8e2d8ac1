"""From database state to the list of messages due now, one short transaction per group
(so a sweep over thousands of groups never holds a lock for long)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.ports import Recipient
from bot.core.settings import CommandSettings
from bot.domain.list_threads import EMAIL_THREAD
from bot.scheduler import due, recipients
from bot.scheduler.due import Schedule
from bot.scheduler.messages import group_warnings
from bot.scheduler.plan_uptake import board_links, uptake_asks
from storage.consensus.models import StatementStatus
from storage.database import Database
from storage.deliveries.repo import DeliveryKey
from storage.groups.models import WorkingGroup
from storage.store import Store

NUDGE, DEADLINE, COVERAGE = "nudge", "deadline", "coverage"
EMAIL = "email"
WELCOME = "welcome"
VOTE_REMINDER = "vote_reminder"
ESCALATION, FAILURE_REPORT = "escalation", "delivery_failed"
# Weekly to the admins; its delivery row is keyed on the first group (groups are never deleted),
# standing for all groups: the delivery table's key has a group, the digest has none.
OVERLAP_DIGEST = "overlap_digest"
# "Who used TITLE?" to chairs and liaisons; period `o<output id>:review|m3|m6|m9|m12`.
UPTAKE_ASK = "uptake_ask"
# A MAG admin's signed link to the web board, by DM; period `l<link id>`, keyed on the first
# group like the digest.
BOARD_LINK = "board_link"
# Claims older than this are not loaded to skip known keys (the unique key still holds).
KNOWN_WINDOW = timedelta(days=45)


@dataclass(frozen=True)
class DueItem:
    kind: str
    group_id: int
    group_name: str
    recipient: str
    period: str

    @property
    def key(self) -> DeliveryKey:
        return (self.kind, self.group_id, self.recipient, self.period)


def schedule_from(settings: CommandSettings) -> Schedule:
    return Schedule(
        weekday=settings.wgbot_nudge_weekday,
        hour=settings.wgbot_nudge_hour,
        reminder_days=settings.reminder_days,
        escalate_after=settings.wgbot_escalate_after,
    )


def group_ids(database: Database) -> list[int]:
    with database.session() as session:
        return [g.id for g in Store(session).groups.all() if g.id is not None]


def plan_group(
    store: Store,
    settings: CommandSettings,
    group: WorkingGroup,
    now: datetime,
    known: Collection[DeliveryKey],
) -> Iterator[DueItem]:
    """Everything due for one group at `now` whose key is not already claimed."""
    assert group.id is not None
    schedule = schedule_from(settings)
    gid, tz = group.id, group.timezone

    def item(kind: str, to: Recipient, period: str) -> DueItem | None:
        found = DueItem(kind, gid, group.name, recipients.encode(to), period)
        return None if found.key in known else found

    channels = _places(store, gid)
    slot = due.last_weekly_slot(now, tz, schedule.weekday, schedule.hour)
    week = due.week_period(slot, tz)

    sponsors = store.sponsors.of_group(gid)
    zones = store.people.timezones([(s.platform, s.user_id) for s in sponsors], tz)
    for sponsor in sponsors:
        assert sponsor.id is not None
        dm = recipients.user(sponsor.platform, sponsor.user_id)
        if due.welcome_due(sponsor.assigned_at, now) and (
            found := item(WELCOME, dm, due.welcome_period(sponsor.assigned_at))
        ):
            yield found
        # Each sponsor's Monday morning is their own (docs/scheduler.md, "Whose time").
        own = zones[(sponsor.platform, sponsor.user_id)]
        own_slot = due.last_weekly_slot(now, own, schedule.weekday, schedule.hour)
        nudge = due.nudge_due(sponsor.state, sponsor.state_until, sponsor.assigned_at, own_slot)
        later = (NUDGE, gid, recipients.encode(dm), due.following_week(own_slot, own))
        if (
            nudge
            and later not in known
            and (found := item(NUDGE, dm, due.week_period(own_slot, own)))
        ):
            yield found
        unanswered = store.deliveries.sent_since(
            NUDGE, gid, recipients.encode(dm), sponsor.updated_at
        )
        if due.escalation_due(unanswered, schedule.escalate_after):
            streak = due.escalation_period(sponsor.id, sponsor.updated_at)
            targets = [recipients.user(c.platform, c.user_id) for c in store.members.chairs(gid)]
            admin = recipients.admin_channel(settings.wgbot_admin_channel, sponsor.platform)
            for to in [*([admin] if admin else []), *targets]:
                if found := item(ESCALATION, to, streak):
                    yield found

    moment = due.deadline_period(group.deadline, now, tz, schedule.hour, schedule.reminder_days)
    if moment:
        for to in channels:
            if found := item(DEADLINE, to, moment):
                yield found

    for statement in store.statements.of_group(gid):
        if statement.id is None or statement.status != StatementStatus.OPEN.value:
            continue
        period = due.vote_reminder_period(
            statement.id,
            statement.closes_on,
            now,
            tz,
            schedule.hour,
            settings.wgbot_consensus_reminder_days,
        )
        if period:
            for to in channels:
                if found := item(VOTE_REMINDER, to, period):
                    yield found

    for to, period in uptake_asks(store, settings, group, now, schedule.hour):
        if found := item(UPTAKE_ASK, to, period):
            yield found

    if channels and due.weekly_due(group.created_at, slot):
        pending = [c for c in channels if (COVERAGE, gid, recipients.encode(c), week) not in known]
        if pending and group_warnings(store, settings, group, now).warnings:
            for to in pending:
                if found := item(COVERAGE, to, week):
                    yield found


def _places(store: Store, gid: int) -> list[Recipient]:
    """Where a group's scheduled messages go: its chat channels; a mailing list only when a
    chair turned it on (`/wg list mail on`), else its members who take part by email, one
    by one (scheduled mail goes to people, not to list addresses)."""
    out: list[Recipient] = []
    people = False
    for binding in store.groups.channels(gid):
        if binding.platform == EMAIL_THREAD:
            continue  # a list thread the group owns: no place to post to
        if binding.platform == EMAIL and not binding.list_mail:
            people = True
            continue
        out.append(recipients.channel(binding.platform, binding.channel_id))
    if people:
        out += [
            recipients.user(EMAIL, m.user_id)
            for m in store.members.of_group(gid)
            if m.platform == EMAIL
        ]
    return out


def plan_failure_reports(
    store: Store, settings: CommandSettings, now: datetime, known: Collection[DeliveryKey]
) -> Iterator[DueItem]:
    """One report to the admins' channel per message that was given up."""
    for failed in store.deliveries.dead_since(now - KNOWN_WINDOW):
        if failed.kind == FAILURE_REPORT or failed.id is None:
            continue
        platform = recipients.decode(failed.recipient).platform.value
        admin = recipients.admin_channel(settings.wgbot_admin_channel, platform)
        group = store.groups.get(failed.group_id)
        if admin is None or group is None:
            continue
        found = DueItem(
            FAILURE_REPORT, failed.group_id, group.name, recipients.encode(admin), f"d{failed.id}"
        )
        if found.key not in known:
            yield found


def plan_board_links(
    store: Store, now: datetime, known: Collection[DeliveryKey]
) -> Iterator[DueItem]:
    """Each open link's direct message, keyed on the first group (groups are never deleted)."""
    groups = [g.id for g in store.groups.all() if g.id is not None]
    if not groups:
        return
    first = min(groups)
    for to, period in board_links(store, now):
        found = DueItem(BOARD_LINK, first, "all groups", to, period)
        if found.key not in known:
            yield found
