"""What the cycle makes due (docs/cycle.md), planned like every scheduled message: a key per
message in the outbox, claimed before it is sent, so a restart or a second process never
sends it twice.

- `milestone`: chairs a week before each milestone and on its day; for the call for input
  and the comment round, members too (and the group's lists when the chair turned that on).
  Each person at the nudge hour of their own timezone; only the latest moment that has begun
  counts, and none once the milestone's day is over (downtime sends one, late, or none).
- `comments_opened`: the numbered draft to the group's lists when a comment round opens.
- `comments_closed`: the chairs' summary the morning after a comment round's last day.
- `renewal`: "continue in YEAR?" to each member after a rollover, once.
- `late_digest`: weekly to the admins' channel, the groups running late.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.messages import Platform
from bot.core.settings import CommandSettings
from bot.domain.cycle import BY_KEY, REMINDER_DAYS
from bot.overview.phases import phases
from bot.scheduler import due, recipients
from bot.scheduler.plan import DueItem
from bot.timeline import group_timeline
from storage.comments.models import RoundStatus
from storage.deliveries.repo import DeliveryKey
from storage.groups.models import WorkingGroup
from storage.store import Store

MILESTONE = "milestone"
COMMENTS_OPENED = "comments_opened"
COMMENTS_CLOSED = "comments_closed"
RENEWAL = "renewal"
LATE_DIGEST = "late_digest"
KINDS = (MILESTONE, COMMENTS_OPENED, COMMENTS_CLOSED, RENEWAL, LATE_DIGEST)
# Where an unqualified WGBOT_ADMIN_CHANNEL lives (bot/scheduler/digest.py says why).
PLATFORM_PREFERENCE = (Platform.SLACK, Platform.DISCORD, Platform.CONSOLE)


def _at(day: date, hour: int, zone: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))


def reminder_moment(due_day: date, now: datetime, zone: str, hour: int) -> int | None:
    """The latest reminder (days before: 7, then 0) that has begun for a milestone on
    `due_day`, where the person lives; None before the first or once the day is over."""
    if now >= _at(due_day + timedelta(days=1), 0, zone):
        return None
    begun = [d for d in REMINDER_DAYS if _at(due_day - timedelta(days=d), hour, zone) <= now]
    return min(begun) if begun else None


def milestone_period(year: int, key: str, due_day: date, days: int) -> str:
    """`2027:draft:2027-04-27:T-7`: a moved milestone gets reminders of its own."""
    return f"{year}:{key}:{due_day.isoformat()}:T-{days}"


def parse_milestone_period(period: str) -> tuple[int, str, date, int]:
    year, key, day, label = period.split(":")
    return int(year), key, date.fromisoformat(day), int(label.removeprefix("T-"))


def plan_cycle(
    store: Store,
    settings: CommandSettings,
    group: WorkingGroup,
    now: datetime,
    known: Collection[DeliveryKey],
) -> Iterator[DueItem]:
    assert group.id is not None
    gid = group.id

    def item(kind: str, to: str, period: str) -> DueItem | None:
        found = DueItem(kind, gid, group.name, to, period)
        return None if found.key in known else found

    line = group_timeline(store, settings, group)
    hour = settings.wgbot_nudge_hour
    lapsed = store.cycle.lapsed(gid, now, timedelta(days=settings.wgbot_renewal_days))
    members = [m for m in store.members.of_group(gid) if (m.platform, m.user_id) not in lapsed]
    chairs = [m for m in members if m.role == "chair"]
    zones = store.people.timezones([(m.platform, m.user_id) for m in members], group.timezone)
    # Scheduled mail reaches a list address only when a chair turned list mail on
    # (`/wg list mail on`, storage/consent): the members get their own reminders anyway.
    lists = [c for c in store.groups.channels(gid) if c.platform == "email" and c.list_mail]
    in_cycle = line.year is not None and not line.closed
    row = store.cycle.group_cycle(gid, line.year) if line.year is not None else None
    for milestone in line.milestones if in_cycle else ():
        if milestone.done:
            continue
        everyone = BY_KEY[milestone.key].members
        for person in members if everyone else chairs:
            key = (person.platform, person.user_id)
            days = reminder_moment(milestone.due, now, zones.get(key, group.timezone), hour)
            if days is None:
                continue
            to = recipients.encode(recipients.user(*key))
            assert line.year is not None
            period = milestone_period(line.year, milestone.key, milestone.due, days)
            if found := item(MILESTONE, to, period):
                yield found
        if everyone and row is not None and row.list_reminders:
            days = reminder_moment(milestone.due, now, group.timezone, hour)
            for binding in lists if days is not None else []:
                to = recipients.encode(recipients.channel(binding.platform, binding.channel_id))
                assert line.year is not None
                period = milestone_period(line.year, milestone.key, milestone.due, days or 0)
                if found := item(MILESTONE, to, period):
                    yield found

    for opened in store.comments.rounds(gid):
        if opened.status != RoundStatus.OPEN.value or opened.id is None:
            continue
        # The group's lists get the numbered draft, to answer with `N:` lines.
        if now < _at(opened.closes_on + timedelta(days=1), 0, group.timezone):
            for binding in lists:
                to = recipients.encode(recipients.channel(binding.platform, binding.channel_id))
                if found := item(COMMENTS_OPENED, to, f"r{opened.id}"):
                    yield found
        for chair in chairs:
            key = (chair.platform, chair.user_id)
            zone = zones.get(key, group.timezone)
            if now >= _at(opened.closes_on + timedelta(days=1), hour, zone):
                to = recipients.encode(recipients.user(*key))
                if found := item(COMMENTS_CLOSED, to, f"r{opened.id}"):
                    yield found

    window = timedelta(days=settings.wgbot_renewal_days)
    for renewal in store.cycle.renewals(gid, line.year) if line.year is not None else ():
        if renewal.answer is None and now < renewal.asked_at + window:
            to = recipients.encode(recipients.user(renewal.platform, renewal.user_id))
            if found := item(RENEWAL, to, str(renewal.year)):
                yield found


def plan_late_digest(
    store: Store, settings: CommandSettings, now: datetime, known: Collection[DeliveryKey]
) -> Iterator[DueItem]:
    """Once a week (the nudge moment, the bot's timezone), when any group runs late."""
    groups = store.groups.all()
    in_use = store.groups.platforms_in_use()
    # An unqualified admin channel lives where the groups live (as the overlap digest's).
    home = next((p for p in PLATFORM_PREFERENCE if p.value in in_use), Platform.CONSOLE)
    admin = recipients.admin_channel(settings.wgbot_admin_channel, home.value)
    if admin is None or not groups:
        return
    zone = settings.wgbot_timezone
    slot = due.last_weekly_slot(now, zone, settings.wgbot_nudge_weekday, settings.wgbot_nudge_hour)
    first = min(g.id for g in groups if g.id is not None)
    found = DueItem(
        LATE_DIGEST, first, "all groups", recipients.encode(admin), due.week_period(slot, zone)
    )
    if found.key in known:
        return
    if any(p.late for p in phases(store, settings, now).values()):
        yield found
