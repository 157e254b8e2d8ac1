"""Scheduled mail goes to people, not to list addresses (issue 24): a group bound to a
mailing list gets its deadline, coverage and vote reminders in its chat channel and to its
members who take part by email, never to the list, until a chair runs `/wg list mail on`."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Platform
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import Sweeper
from tests.harness import BotHarness
from tests.scheduler.helpers import RecordingPort, Sleeps, make_group

LIST = "bpf@lists.example.org"


def run_two_weeks(bot: BotHarness, chat: RecordingPort, mail: RecordingPort) -> None:
    sweep = Sweeper(
        bot.app.database,
        bot.app.settings,
        {Platform.CONSOLE: chat, Platform.EMAIL: mail},
        bot.clock,
        sleep=Sleeps(),
        policy=RetryPolicy(max_attempts=3),
    )
    for _ in range(4 * 14):
        sweep.sweep()
        bot.clock.advance(timedelta(hours=6))


def test_reminders_skip_the_list_until_a_chair_turns_it_on(bot: BotHarness) -> None:
    channel = make_group(bot, 1, deadline_days=5)
    assert bot.say(f"/wg list {LIST}", user="chair", channel=channel).tone.value == "success"
    bot.say("/wg propose Adopt BCP 38 by:2027-01-20", user="chair", channel=channel)
    chat, mail = RecordingPort(), RecordingPort(platform=Platform.EMAIL)
    run_two_weeks(bot, chat, mail)
    assert chat.kinds("vote_reminder") and chat.kinds("deadline")
    assert [s.to.id for s in mail.sent if s.to.id == LIST] == []

    refused = bot.say("/wg list mail maybe", user="chair", channel=channel)
    assert refused.tone.value == "error" and "/wg list mail on" in refused.text
    assert bot.say("/wg list mail on", user="lars", channel=channel).tone.value == "error"
    on = bot.say("/wg list mail on", user="chair", channel=channel)
    assert on.tone.value == "success" and LIST in on.text
    bot.say("/wg propose Fund small ISPs by:2027-02-03", user="chair", channel=channel)
    run_two_weeks(bot, chat, mail)
    assert [s.to.id for s in mail.kinds("vote_reminder")] == [LIST]
