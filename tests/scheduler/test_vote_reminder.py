"""The reminder before a statement's closing date: through the real sweeper and delivery table,
once, in the group's channel, with the vote buttons; never for a closed statement or after
the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.render_text import render_text
from bot.scheduler.due import vote_reminder_period
from tests.harness import BotHarness
from tests.scheduler.helpers import RecordingPort, make_group, sweeper


def test_one_reminder_before_the_closing_date(bot: BotHarness) -> None:
    channel = make_group(bot, 1)
    bot.say("/wg join gov weog", user="lars", channel=channel)
    bot.say("/wg propose Adopt BCP 38 by:2027-01-20", user="chair", channel=channel)
    bot.say("/wg propose No date on this one", user="chair", channel=channel)
    bot.say("/wg propose Closed early by:2027-01-20", user="chair", channel=channel)
    bot.say("/wg propose close 3", user="chair", channel=channel)
    bot.say("/wg vote 1 agree", user="lars", channel=channel)
    port = RecordingPort()
    sweep = sweeper(bot, port)
    for _ in range(4 * 14):  # every 6 hours for two weeks
        sweep.sweep()
        bot.clock.advance(timedelta(hours=6))
    (reminder,) = port.kinds("vote_reminder")
    assert reminder.to.id == channel
    assert reminder.key.endswith("|s1:2027-01-20")
    text = render_text(reminder.reply)
    assert "voting on statement #1 ends 2027-01-20" in text
    assert "Adopt BCP 38" in text
    assert "So far: not enough voices: 1 of the 3" in text
    assert "Not heard yet: Intergovernmental organisation, Private sector" in text
    assert [b.action_id for b in reminder.reply.buttons] == [
        "vote:agree",
        "vote:disagree",
        "vote:pass",
    ]


def test_reminder_window_boundaries() -> None:
    def at(day: int, hour: int) -> datetime:
        return datetime(2027, 1, day, hour, tzinfo=UTC)

    closes = datetime(2027, 1, 20).date()
    due = [
        (d, h)
        for d in range(15, 23)
        for h in range(24)
        if vote_reminder_period(7, closes, at(d, h), "UTC", 9, 2)
    ]
    assert due[0] == (18, 9) and due[-1] == (20, 23)
    assert vote_reminder_period(7, closes, at(19, 9), "UTC", 9, 0) is None  # switched off
    assert vote_reminder_period(7, None, at(19, 9), "UTC", 9, 2) is None
    assert vote_reminder_period(7, closes, at(18, 9), "UTC", 9, 2) == "s7:2027-01-20"
    # Local time: 09:00 in Tokyo on the 18th is 00:00 UTC.
    assert vote_reminder_period(7, closes, at(18, 0), "Asia/Tokyo", 9, 2) is not None
    assert vote_reminder_period(7, closes, at(17, 23), "Asia/Tokyo", 9, 2) is None
