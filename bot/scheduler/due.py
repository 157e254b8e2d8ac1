"""When is what due: pure functions over plain values and an instant, so tests move a clock.

Each scheduled message has a *period* (part of its delivery key). A sweep only ever computes
the latest period that has begun, which is what makes catch-up after downtime send once,
not once per missed week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.ground.states import SponsorState

OVERDUE = "overdue"
WELCOME_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Schedule:
    """The configurable moments (local to each group's timezone)."""

    weekday: int = 0  # Monday
    hour: int = 9
    reminder_days: tuple[int, ...] = (30, 14, 7, 1)
    escalate_after: int = 3


def _local_instant(day: date, hour: int, timezone: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(timezone))


def last_weekly_slot(now: datetime, timezone: str, weekday: int, hour: int) -> datetime:
    """The latest weekly moment (weekday at hour, local) at or before `now`."""
    local = now.astimezone(ZoneInfo(timezone))
    day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    slot = _local_instant(day, hour, timezone)
    if slot > now:
        slot = _local_instant(day - timedelta(days=7), hour, timezone)
    return slot.astimezone(UTC)


def first_weekly_slot(since: datetime, timezone: str, weekday: int, hour: int) -> datetime:
    """The first weekly moment at or after `since` (a sponsor named at 09:00 sharp is nudged
    at that slot, as `nudge_due` says); local, so a DST change in between keeps the hour."""
    last = last_weekly_slot(since, timezone, weekday, hour)
    if last == since:
        return last
    day = last.astimezone(ZoneInfo(timezone)).date() + timedelta(days=7)
    return _local_instant(day, hour, timezone).astimezone(UTC)


def week_period(slot: datetime, timezone: str) -> str:
    """`2027-W02`: the ISO week of the slot's date where the recipient lives.

    A slot always falls on the configured weekday, and an ISO week holds that weekday once,
    so every timezone's slot of one week names the same period: a sponsor who changes
    timezone mid-week (or crosses a DST change) is neither nudged twice nor skipped."""
    year, week, _ = slot.astimezone(ZoneInfo(timezone)).date().isocalendar()
    return f"{year}-W{week:02d}"


def following_week(slot: datetime, timezone: str) -> str:
    """The period after the slot's. A sponsor who moves west mid-week can find last week's
    slot the latest in their new timezone; if the next week's nudge went out already (in the
    old timezone), last week's must not follow it (see `plan`)."""
    day = slot.astimezone(ZoneInfo(timezone)).date() + timedelta(days=7)
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def nudge_due(
    state: str, state_until: datetime | None, assigned_at: datetime, slot: datetime
) -> bool:
    """A sponsor is nudged at a slot unless they stepped down, were assigned after it, or
    snoozed past it. A commitment lasts a week and does not stop the next weekly check-in."""
    if state == SponsorState.STEPPED_DOWN.value or assigned_at > slot:
        return False
    # A snooze pressed after this week's nudge lasts 7 days, so it reaches the next slot.
    snoozed = state == SponsorState.SNOOZED.value and state_until is not None
    return not (snoozed and state_until is not None and state_until >= slot)


def welcome_due(assigned_at: datetime, now: datetime) -> bool:
    """A newly named sponsor is welcomed once; after a week the nudge has told them all."""
    return assigned_at <= now < assigned_at + WELCOME_WINDOW


def welcome_period(assigned_at: datetime) -> str:
    """`a1700000000`: one welcome per naming (a sponsor named again later is welcomed again)."""
    return f"a{int(assigned_at.timestamp())}"


def weekly_due(created_at: datetime, slot: datetime) -> bool:
    """A group's weekly coverage check starts at the first slot after it was created."""
    return created_at <= slot


def deadline_period(
    deadline: date | None, now: datetime, timezone: str, hour: int, reminder_days: tuple[int, ...]
) -> str | None:
    """The latest deadline moment that has begun: `2027-03-31:T-7` or `2027-03-31:overdue`.

    Moments are `days` before the deadline at `hour`, and the day after it for the overdue
    notice. Only the latest counts, so a bot down for weeks sends one reminder, not several.
    The deadline is in the period, so a new deadline gets its own reminders."""
    if deadline is None:
        return None
    moments = [(deadline - timedelta(days=d), f"T-{d}") for d in sorted(reminder_days)]
    moments.insert(0, (deadline + timedelta(days=1), OVERDUE))
    for day, label in moments:  # latest first
        if _local_instant(day, hour, timezone) <= now:
            return f"{deadline.isoformat()}:{label}"
    return None


def escalation_due(unanswered: int, escalate_after: int) -> bool:
    return unanswered >= escalate_after


def escalation_period(sponsor_id: int, last_answer: datetime) -> str:
    """One escalation per silent streak: the streak is named by the sponsor's last answer."""
    return f"s{sponsor_id}:{int(last_answer.timestamp())}"


def vote_reminder_period(
    statement_id: int,
    closes_on: date | None,
    now: datetime,
    timezone: str,
    hour: int,
    days_before: int,
) -> str | None:
    """`s12:2027-03-01`: due from `days_before` days before a statement's closing date (at
    `hour`, local) until the vote ends with that day. One reminder per statement and closing
    date: after downtime it is sent late rather than twice, and never once the vote is over."""
    if closes_on is None or days_before <= 0:
        return None
    start = _local_instant(closes_on - timedelta(days=days_before), hour, timezone)
    end = _local_instant(closes_on + timedelta(days=1), 0, timezone)
    if start <= now < end:
        return f"s{statement_id}:{closes_on.isoformat()}"
    return None
