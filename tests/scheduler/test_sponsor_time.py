"""Each sponsor's nudge comes at the configured weekday and hour of their own timezone, once a
week, whatever they change mid-week and across DST (real scheduler, both databases)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.scheduler import due
from tests.harness import START, BotHarness
from tests.scheduler.helpers import RecordingPort, make_group, sweeper

HOUR = timedelta(hours=1)


def _nudges_by_hour(
    bot: BotHarness, port: RecordingPort, hours: int
) -> list[tuple[str, datetime, str]]:
    """Sweep every hour (the on-the-hour job) and note who got a nudge when, for which week."""
    sweep = sweeper(bot, port)
    seen: list[tuple[str, datetime, str]] = []
    for _ in range(hours):
        before = len(port.sent)
        sweep.sweep()
        for sent in port.sent[before:]:
            if sent.kind == "nudge":
                seen.append((sent.to.id, bot.clock(), sent.key.rsplit("|", 1)[1]))
        bot.clock.advance(HOUR)
    return seen


def test_nairobi_and_lima_each_get_their_nudge_at_nine_on_their_monday(bot: BotHarness) -> None:
    channel = make_group(bot, 1, sponsor="nairobi")
    bot.say("/wg sponsor <@lima> also", user="chair", channel=channel)
    assert "Africa/Nairobi" in bot.text("/wg timezone africa/nairobi", user="nairobi")
    assert "America/Lima" in bot.text("/wg timezone America/Lima", user="lima")
    port = RecordingPort()
    seen = _nudges_by_hour(bot, port, 15 * 24)  # Monday 11 January 09:00 UTC + 15 days
    for who, zone in (("nairobi", "Africa/Nairobi"), ("lima", "America/Lima")):
        mine = [(at, week) for to, at, week in seen if to == who]
        local = [at.astimezone(ZoneInfo(zone)) for at, _ in mine]
        assert all((t.weekday(), t.hour, t.minute) == (0, 9, 0) for t in local), (who, local)
        weeks = [week for _, week in mine]
        assert len(weeks) == len(set(weeks))  # one a week
    # Nairobi's first Monday 09:00 (06:00 UTC) was before they were named (09:00 UTC).
    assert [at for to, at, _ in seen if to == "nairobi"] == [
        datetime(2027, 1, 18, 6, tzinfo=UTC),
        datetime(2027, 1, 25, 6, tzinfo=UTC),
    ]
    assert [at for to, at, _ in seen if to == "lima"] == [
        datetime(2027, 1, 11, 14, tzinfo=UTC),
        datetime(2027, 1, 18, 14, tzinfo=UTC),
        datetime(2027, 1, 25, 14, tzinfo=UTC),
    ]
    # The group's own channel is still told on the group's clock (UTC here).
    coverage = [s for s in port.sent if s.kind == "coverage"]
    assert all(s.reply for s in coverage)


def test_a_timezone_change_mid_week_neither_repeats_nor_skips_a_week(bot: BotHarness) -> None:
    make_group(bot, 1, sponsor="mag1")
    bot.say("/wg timezone Africa/Nairobi", user="mag1")
    port = RecordingPort()
    bot.clock.advance(timedelta(days=6, hours=21))  # Monday 18 January 06:00 UTC
    seen = _nudges_by_hour(bot, port, 4)  # Nairobi's nudge at 06:00 UTC
    assert [week for _, _, week in seen] == ["2027-W03"]
    bot.say("/wg timezone America/Lima", user="mag1")  # 10:00 UTC: Lima's 09:00 is still ahead
    seen += _nudges_by_hour(bot, port, 7 * 24 + 6)
    assert [(at, week) for _, at, week in seen] == [
        (datetime(2027, 1, 18, 6, tzinfo=UTC), "2027-W03"),
        (datetime(2027, 1, 25, 14, tzinfo=UTC), "2027-W04"),
    ]


def test_moving_a_day_ahead_brings_the_nudge_forward_once(bot: BotHarness) -> None:
    make_group(bot, 1, sponsor="mag1")
    bot.say("/wg timezone America/Lima", user="mag1")
    port = RecordingPort()
    seen = _nudges_by_hour(bot, port, 6 * 24 + 11)  # to Sunday 17 January 20:00 UTC
    assert [week for _, _, week in seen] == ["2027-W02"]
    # Sunday 20:00 UTC is Monday 10:00 in Kiritimati (UTC+14): this week's nudge is due now.
    bot.say("/wg timezone Pacific/Kiritimati", user="mag1")
    seen += _nudges_by_hour(bot, port, 24)
    assert [(at, week) for _, at, week in seen][1:] == [
        (datetime(2027, 1, 17, 20, tzinfo=UTC), "2027-W03")
    ]


def test_the_nudge_keeps_its_local_hour_across_a_dst_change(bot: BotHarness) -> None:
    make_group(bot, 1, sponsor="mag1")
    bot.say("/wg timezone Europe/London", user="mag1")
    port = RecordingPort()
    sweeper(bot, port).sweep()
    bot.clock.advance(datetime(2027, 3, 21, tzinfo=UTC) - START)  # London: BST from 28 March
    sweeper(bot, port).sweep()  # the catch-up for the week the bot was away
    port.sent.clear()
    seen = _nudges_by_hour(bot, port, 9 * 24)
    assert [(at, week) for _, at, week in seen] == [
        (datetime(2027, 3, 22, 9, tzinfo=UTC), "2027-W12"),  # GMT
        (datetime(2027, 3, 29, 8, tzinfo=UTC), "2027-W13"),  # BST
    ]


ZONES = (
    "Pacific/Kiritimati",  # UTC+14
    "Pacific/Pago_Pago",  # UTC-11
    "Africa/Nairobi",
    "America/Lima",
    "Europe/London",
    "America/Santiago",
    "Australia/Lord_Howe",  # half-hour DST
    "Asia/Kathmandu",  # UTC+5:45
)


def test_any_timezone_changes_give_exactly_one_period_per_week() -> None:
    """The delivery key's period, as a sweep computes it every half hour while a sponsor keeps
    changing timezone at random (with the planner's rules: nothing before they were named,
    never last week's after this week's): every week in the span is sent exactly once."""
    rng = random.Random(14)
    for weekday, hour in ((0, 9), (6, 23), (0, 0)):
        for _ in range(20):
            zone = rng.choice(ZONES)
            now = datetime(2027, 3, 1, tzinfo=UTC) + timedelta(minutes=30 * rng.randrange(48))
            named = now  # no nudge for a slot before the sponsor was named (due.nudge_due)
            sent: list[str] = []
            for _ in range(24 * 7 * 6 * 2):  # six weeks, every half hour
                if rng.random() < 0.02:
                    zone = rng.choice(ZONES)
                slot = due.last_weekly_slot(now, zone, weekday, hour)
                period = due.week_period(slot, zone)
                later = due.following_week(slot, zone)
                if slot >= named and period not in sent and later not in sent:
                    assert slot <= now
                    sent.append(period)
                now += timedelta(minutes=30)
            weeks = [int(p.split("-W")[1]) for p in sent]
            assert weeks == list(range(weeks[0], weeks[0] + len(weeks))), (weekday, hour, sent)
