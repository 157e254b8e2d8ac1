"""The cycle's other scheduled messages: members' milestones to the group's list when the
chair turns it on, nothing for a group outside a cycle, and the weekly digest of late groups
to the admins' channel, each once."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.messages import Platform
from bot.scheduler.plan_cycle import LATE_DIGEST, MILESTONE
from bot.scheduler.sweep import Sweeper
from tests.harness import BotHarness
from tests.scheduler.helpers import RecordingPort, sweeper

LIST = "bpf@lists.example.org"


def test_members_milestones_reach_the_list_only_when_the_chair_says_so(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say(f"/wg list {LIST}")
    console, mail = RecordingPort(), RecordingPort(platform=Platform.EMAIL)

    def sweep() -> None:
        Sweeper(
            bot.app.database,
            bot.app.settings,
            {Platform.CONSOLE: console, Platform.EMAIL: mail},
            bot.clock,
        ).sweep()

    bot.clock.now = datetime(2027, 2, 9, 9, 0, tzinfo=UTC)  # a week before the call opens
    sweep()
    assert console.kinds(MILESTONE) == [] and mail.kinds(MILESTONE) == []  # no cycle yet
    bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    sweep()
    assert [s.to.id for s in console.kinds(MILESTONE)] == ["ana"]
    assert mail.kinds(MILESTONE) == []
    assert "Only a chair" in bot.say("/wg milestone list on", user="kofi").text
    assert "mailing list gets the call-for-input" in bot.say("/wg milestone list on").text
    assert "`/wg milestone list on`" in bot.say("/wg milestone list maybe").text
    sweep()
    assert mail.kinds(MILESTONE) == []  # list mail is off: no scheduled mail to the list
    bot.say("/wg list mail on")
    sweep()
    sweep()
    (to_list,) = mail.kinds(MILESTONE)
    assert to_list.to.id == LIST and to_list.key.endswith("2027:call-opens:2027-02-16:T-7")
    assert "Send the group your input" in to_list.reply.text
    assert len(console.kinds(MILESTONE)) == 1  # the chair's not again


def test_the_admins_get_one_weekly_list_of_late_groups(bot: BotHarness) -> None:
    late = BotHarness(
        bot.app.database.engine.url.render_as_string(hide_password=False),
        wgbot_admin_channel="mag-room",
    )
    try:
        late.setup_group()
        late.say("/wg create On time", channel="other")
        late.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
        late.say("/wg milestone charter done", channel="other")
        late.say("/wg milestone call-opens done", channel="other")
        port = RecordingPort()
        late.clock.now = datetime(2027, 2, 22, 9, 0, tzinfo=UTC)  # a Monday: 2 are late
        for _ in range(2):
            sweeper(late, port).sweep()
        (digest,) = port.kinds(LATE_DIGEST)
        assert digest.to.id == "mag-room"
        assert digest.reply.sections[0].lines == (
            "BPF Cybersecurity (Call for input): Charter agreed 20 days late, "
            "Call for input opens 6 days late",
        )
        late.clock.now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)  # next week: again, once
        sweeper(late, port).sweep()
        assert len(port.kinds(LATE_DIGEST)) == 2
    finally:
        late.app.database.dispose()


def test_the_sponsors_weekly_nudge_names_the_phase_and_what_is_late(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg sponsor <@marta>")
    bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    bot.clock.now = datetime(2027, 2, 22, 9, 0, tzinfo=UTC)  # a Monday, charter 20 days late
    port = RecordingPort()
    sweeper(bot, port).sweep()
    (nudge,) = port.kinds("nudge")
    phase = next(f.value for f in nudge.reply.fields if f.label == "Phase")
    assert phase == "Call for input (since 2027-02-16)"
    late = next(s for s in nudge.reply.sections if s.heading == "Running late")
    assert late.lines[0] == "⚠ Charter agreed is 20 days late (due 2027-02-02)"
