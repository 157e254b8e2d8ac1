"""The due computation alone: pure functions, a clock moved by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.clock import FrozenClock
from bot.ground.states import SponsorState
from bot.scheduler import due

MONDAY_9 = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


def test_weekly_slot_follows_a_moving_clock() -> None:
    clock = FrozenClock(MONDAY_9 - timedelta(minutes=1))
    slots = []
    for _ in range(24 * 14):  # every hour for 14 days
        slots.append(due.last_weekly_slot(clock(), "UTC", 0, 9))
        clock.advance(timedelta(hours=1))
    distinct = sorted(set(slots))
    assert distinct == [MONDAY_9 - timedelta(days=7), MONDAY_9, MONDAY_9 + timedelta(days=7)]
    assert [due.week_period(s, "UTC") for s in distinct] == ["2027-W01", "2027-W02", "2027-W03"]


def test_weekly_slot_is_local_to_the_group() -> None:
    # 09:00 in Tokyo on Monday is 00:00 UTC; in Lima it is 14:00 UTC.
    now = datetime(2027, 1, 11, 1, 0, tzinfo=UTC)
    tokyo = due.last_weekly_slot(now, "Asia/Tokyo", 0, 9)
    assert tokyo == datetime(2027, 1, 11, 0, 0, tzinfo=UTC)
    lima = due.last_weekly_slot(now, "America/Lima", 0, 9)
    assert lima == datetime(2027, 1, 4, 14, 0, tzinfo=UTC)
    assert due.last_weekly_slot(now, "UTC", 4, 17) == datetime(2027, 1, 8, 17, tzinfo=UTC)


def test_snooze_skips_one_slot_and_stepping_down_all() -> None:
    slot = MONDAY_9
    before = slot - timedelta(days=3)
    assert due.nudge_due(SponsorState.UNCONFIRMED.value, None, before, slot)
    assert not due.nudge_due(SponsorState.UNCONFIRMED.value, None, slot + timedelta(hours=1), slot)
    snoozed_until = slot - timedelta(days=7) + timedelta(days=7, hours=1)
    assert not due.nudge_due(SponsorState.SNOOZED.value, snoozed_until, before, slot)
    assert due.nudge_due(
        SponsorState.SNOOZED.value, snoozed_until, before, slot + timedelta(days=7)
    )
    committed_until = slot + timedelta(hours=2)
    assert due.nudge_due(SponsorState.COMMITTED.value, committed_until, before, slot)
    assert not due.nudge_due(SponsorState.STEPPED_DOWN.value, None, before, slot)


def test_deadline_moments_with_a_moving_clock() -> None:
    deadline = date(2027, 3, 1)
    clock = FrozenClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    seen: list[str] = []
    while clock() < datetime(2027, 3, 10, tzinfo=UTC):
        period = due.deadline_period(deadline, clock(), "UTC", 9, (30, 14, 7, 1))
        if period and (not seen or seen[-1] != period):
            seen.append(period)
        clock.advance(timedelta(hours=1))
    assert seen == [f"2027-03-01:{label}" for label in ("T-30", "T-14", "T-7", "T-1", "overdue")]


def test_deadline_catch_up_names_only_the_latest_moment() -> None:
    deadline = date(2027, 3, 1)
    after_long_downtime = datetime(2027, 2, 25, 12, tzinfo=UTC)  # T-30 … T-7 all passed
    assert due.deadline_period(deadline, after_long_downtime, "UTC", 9, (30, 14, 7, 1)) == (
        "2027-03-01:T-7"
    )
    assert due.deadline_period(deadline, datetime(2027, 1, 1, tzinfo=UTC), "UTC", 9, (30,)) is None
    assert due.deadline_period(None, after_long_downtime, "UTC", 9, (30,)) is None


def test_escalation_is_named_by_the_silent_streak() -> None:
    answered = datetime(2027, 1, 1, tzinfo=UTC)
    assert not due.escalation_due(2, 3)
    assert due.escalation_due(3, 3)
    assert due.escalation_period(7, answered) != due.escalation_period(7, answered + timedelta(1))
