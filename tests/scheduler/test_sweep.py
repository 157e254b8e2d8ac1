"""Sweeps over a real database (SQLite and PostgreSQL) with a moving clock: what is sent,
to whom, when, and that each message goes out once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from bot.core.messages import Action, Actor, Platform, Tone, Where
from bot.core.render_text import render_text
from bot.ground.states import SponsorState
from bot.scheduler.sweep import SENT, WOULD_SEND
from storage import Store
from tests import harness
from tests.harness import BotHarness
from tests.scheduler.helpers import WEEK, RecordingPort, make_group, sweeper


def test_weekly_nudge_says_where_the_group_stands(bot: BotHarness) -> None:
    channel = make_group(bot, 1, sponsor="mag1", deadline_days=40)
    bot.say("/wg goal A toolkit for CERTs", user="chair", channel=channel)
    bot.say("/wg ask Introduce us to FIRST", user="vol", channel=channel)
    bot.say("/wg join government weog", user="vol", channel=channel)
    bot.chat("vol", channel=channel, times=3)
    port = RecordingPort()
    outcomes = sweeper(bot, port).sweep()
    nudges = port.kinds("nudge")
    assert [(s.to.id, s.to.kind.value) for s in nudges] == [("mag1", "user")]
    text = render_text(nudges[0].reply)
    assert "A toolkit for CERTs" in text and "40 days left" in text and "Charter: 0/10" in text
    assert "Government: 3" in text  # voices heard this week, per stakeholder group
    assert "#1 Introduce us to FIRST" in text
    assert "Missing stakeholder groups" in text
    assert [b.action_id for b in nudges[0].reply.buttons] == [
        "nudge:commit",
        "nudge:snooze",
        "nudge:stepdown",
    ]
    assert all(len(b.value) <= 60 for b in nudges[0].reply.buttons)
    assert {o.outcome for o in outcomes} == {SENT}


def test_one_nudge_per_week_with_a_moving_clock(bot: BotHarness) -> None:
    make_group(bot, 1, sponsor="mag1")
    port = RecordingPort()
    sweep = sweeper(bot, port)
    for _ in range(3 * 7 * 4):  # every 6 hours for three weeks
        sweep.sweep()
        bot.clock.advance(timedelta(hours=6))
    weeks = [s.key.rsplit("|", 1)[1] for s in port.kinds("nudge")]
    assert weeks == ["2027-W02", "2027-W03", "2027-W04"]


def test_catch_up_after_five_weeks_down_sends_one_nudge(bot: BotHarness) -> None:
    make_group(bot, 1, sponsor="mag1", deadline_days=45)
    port = RecordingPort()
    sweeper(bot, port).sweep()
    assert len(port.kinds("nudge")) == 1
    bot.clock.advance(5 * WEEK + timedelta(hours=3))  # the process was down for five weeks
    port.sent.clear()
    sweeper(bot, port).sweep()
    assert [s.key.rsplit("|", 1)[1] for s in port.kinds("nudge")] == ["2027-W07"]
    # Deadline moments T-30 and T-14 both passed while down: only the latest is told.
    assert [s.key.rsplit("|", 1)[1] for s in port.kinds("deadline")] == ["2027-02-25:T-14"]
    port.sent.clear()
    sweeper(bot, port).sweep()
    assert port.sent == []


def test_deadline_reminders_and_overdue_notice_in_the_group_channel(bot: BotHarness) -> None:
    channel = make_group(bot, 1, deadline_days=35)
    bot.say("/wg create Twin", user="chair", channel="wg-1-b")  # another channel, other group
    port = RecordingPort()
    sweep = sweeper(bot, port)
    for _ in range(40):
        sweep.sweep()
        bot.clock.advance(timedelta(days=1))
    reminders = port.kinds("deadline")
    assert [s.to.id for s in reminders] == [channel] * 5
    periods = [s.key.rsplit(":", 1)[1] for s in reminders]
    assert periods == ["T-30", "T-14", "T-7", "T-1", "overdue"]
    assert "1 day left" in render_text(reminders[3].reply)
    assert "deadline has passed" in render_text(reminders[4].reply)


def _full_table(bot: BotHarness, channel: str) -> None:
    """Members from every stakeholder group and every region, each heard this week."""
    people = [
        ("gov", "government african"),
        ("igo", "intergovernmental organisation asia-pacific"),
        ("biz", "private sector eeg"),
        ("tech", "technical community weog"),
        ("acad", "academia african"),
    ]
    for user, profile in people:
        bot.say(f"/wg join {profile}", user=user, channel=channel)
    for user in ["chair", *(u for u, _ in people)]:
        bot.chat(user, channel=channel)


def test_coverage_warning_is_silent_when_all_is_well(bot: BotHarness) -> None:
    channel = make_group(bot, 1)
    _full_table(bot, channel)
    with bot.read() as store:
        group = store.groups.by_channel("console", channel)
        assert group is not None and group.id is not None
    port = RecordingPort()
    sweeper(bot, port).sweep()
    assert port.kinds("coverage") == []

    bot.say("/wg leave", user="biz", channel=channel)
    bot.clock.advance(WEEK)
    bot.chat("chair", channel=channel)
    for user in ("gov", "igo", "tech", "acad"):
        bot.chat(user, channel=channel)
    sweeper(bot, port).sweep()
    warnings = port.kinds("coverage")
    assert [s.to.id for s in warnings] == [channel]
    assert "Missing stakeholder groups: Private sector." in render_text(warnings[0].reply)

    reply = bot.say(
        "/wg mute coverage private sector we invited them twice", user="chair", channel=channel
    )
    assert reply.tone is Tone.SUCCESS
    assert "Private sector: we invited them twice" in bot.text("/wg status", channel=channel)
    bot.say("/wg mute coverage eeg our EEG members are on leave", user="chair", channel=channel)
    bot.clock.advance(WEEK)
    for user in ("chair", "gov", "igo", "tech", "acad"):
        bot.chat(user, channel=channel)
    port.sent.clear()
    sweeper(bot, port).sweep()
    assert port.kinds("coverage") == []  # only the muted gap is left


def test_mute_is_for_chairs_and_needs_a_known_group(bot: BotHarness) -> None:
    channel = make_group(bot, 1)
    denied = bot.say("/wg mute coverage academia busy", user="vol", channel=channel)
    assert denied.tone is Tone.ERROR and "chair" in denied.text
    wrong = bot.say("/wg mute coverage martians busy", user="chair", channel=channel)
    assert wrong.tone is Tone.ERROR and wrong.ephemeral
    what = bot.say("/wg mute deadline academia busy", user="chair", channel=channel)
    assert what.tone is Tone.ERROR and "Only coverage" in what.text
    with bot.read() as store:
        assert store.coverage_mutes.of_group(1) == []


def _press(bot: BotHarness, user: str, button_value: str, verb: str) -> str:
    actor = Actor(Platform.CONSOLE, user, user)
    reply = bot.app.dispatcher.handle_action(
        Action(actor, Where(Platform.CONSOLE, f"dm-{user}"), f"nudge:{verb}", button_value)
    )
    return render_text(reply)


def test_buttons_are_accepted_only_from_that_sponsor(bot: BotHarness) -> None:
    channel = make_group(bot, 1, sponsor="mag1")
    bot.say("/wg sponsor @mag2 also", user="chair", channel=channel)
    port = RecordingPort()
    sweeper(bot, port).sweep()
    to_mag1 = next(s for s in port.kinds("nudge") if s.to.id == "mag1")
    commit = next(b for b in to_mag1.reply.buttons if b.action_id == "nudge:commit")
    before = bot.audit_count()
    for intruder in ("mag2", "chair", "admin"):
        assert "Only @mag1" in _press(bot, intruder, commit.value, "commit")
    assert bot.audit_count() == before
    assert "support it this week" in _press(bot, "mag1", commit.value, "commit")
    with bot.read() as store:
        sponsor = store.sponsors.get(1, "console", "mag1")
        assert sponsor is not None and sponsor.state == SponsorState.COMMITTED.value
    assert "@mag1: committed to support until 2027-01-18" in bot.text("/wg status", channel=channel)


def test_snooze_skips_a_week_and_step_down_ends_the_nudges(bot: BotHarness) -> None:
    make_group(bot, 1, sponsor="mag1")
    port = RecordingPort()
    sweeper(bot, port).sweep()
    value = port.kinds("nudge")[0].reply.buttons[1].value
    assert "Snoozed" in _press(bot, "mag1", value, "snooze")
    for _ in range(3):
        bot.clock.advance(WEEK)
        sweeper(bot, port).sweep()
    weeks = [s.key.rsplit("|", 1)[1] for s in port.kinds("nudge")]
    assert weeks == ["2027-W02", "2027-W04", "2027-W05"]
    stepdown = port.kinds("nudge")[-1].reply.buttons[2].value
    assert "stepped down" in _press(bot, "mag1", stepdown, "stepdown")
    assert "already stepped down" in _press(bot, "mag1", stepdown, "commit")
    bot.clock.advance(WEEK)
    sweeper(bot, port).sweep()
    assert len(port.kinds("nudge")) == 3


def test_escalation_after_three_unanswered_nudges(bot: BotHarness) -> None:
    bot = BotHarness(bot.app.database.url, wgbot_admin_channel="mag-admins")
    bot.clock.advance(-timedelta(days=1))  # the sponsor is named on Sunday
    channel = make_group(bot, 1, sponsor="mag1")
    bot.say("/wg join academia weog", user="cochair", channel=channel)
    bot.clock.advance(timedelta(days=1))
    port = RecordingPort()
    for week in range(1, 4):
        sweeper(bot, port).sweep()
        assert len(port.kinds("nudge")) == week
        assert (port.kinds("escalation") != []) == (week == 3)
        bot.clock.advance(WEEK)
    escalations = port.kinds("escalation")
    assert sorted((s.to.kind.value, s.to.id) for s in escalations) == [
        ("channel", "mag-admins"),
        ("user", "chair"),
    ]
    assert "3 weekly nudges in a row unanswered" in render_text(escalations[0].reply)
    sweeper(bot, port).sweep()  # week 4: still silent, but this streak was escalated
    assert len(port.kinds("escalation")) == 2
    value = port.kinds("nudge")[-1].reply.buttons[0].value
    bot.clock.advance(timedelta(hours=2))
    _press(bot, "mag1", value, "commit")  # an answer ends the streak
    for _ in range(2):
        bot.clock.advance(WEEK)
        sweeper(bot, port).sweep()
    assert len(port.kinds("escalation")) == 2
    bot.app.database.dispose()


def test_dry_run_sends_and_writes_nothing(bot: BotHarness) -> None:
    make_group(bot, 1, sponsor="mag1", deadline_days=5)
    port = RecordingPort()
    outcomes = sweeper(bot, port).sweep(dry_run=True)
    assert sorted((o.kind, o.outcome) for o in outcomes) == [
        ("coverage", WOULD_SEND),
        ("deadline", WOULD_SEND),
        ("nudge", WOULD_SEND),
        ("welcome", WOULD_SEND),
    ]
    assert port.sent == []
    with bot.read() as store:
        assert store.deliveries.all() == []


def test_weekday_and_hour_are_configurable(bot: BotHarness) -> None:
    bot = BotHarness(bot.app.database.url, wgbot_nudge_weekday="Friday", wgbot_nudge_hour=17)
    assert (bot.app.settings.wgbot_nudge_weekday, bot.app.settings.wgbot_nudge_hour) == (4, 17)
    make_group(bot, 1, sponsor="mag1")  # on Monday 09:00
    port = RecordingPort()
    sweeper(bot, port).sweep()
    assert port.kinds("nudge") == []
    bot.clock.advance(timedelta(days=4, hours=7, minutes=59))  # Friday 16:59
    sweeper(bot, port).sweep()
    assert port.kinds("nudge") == []
    bot.clock.advance(timedelta(minutes=1))
    sweeper(bot, port).sweep()
    assert len(port.kinds("nudge")) == 1
    bot.app.database.dispose()


def test_bad_schedule_settings_are_refused() -> None:
    with pytest.raises(ValidationError, match="unknown weekday"):
        harness.make_settings(wgbot_nudge_weekday="someday")
    with pytest.raises(ValidationError, match="positive whole days"):
        harness.make_settings(wgbot_reminder_days="30,soon")
    assert harness.make_settings(wgbot_reminder_days="7,30,1").reminder_days == (30, 7, 1)


def test_one_groups_bad_data_does_not_stop_the_others(bot: BotHarness) -> None:
    """A deadline at the calendar's end (stored before the parser capped it) once crashed
    every sweep; now that group is skipped and logged, and the others get their messages."""
    from datetime import date

    make_group(bot, 1, sponsor="s1", deadline_days=1)
    make_group(bot, 2, sponsor="s2")
    with bot.app.database.session() as session:
        store = Store(session)
        broken = store.groups.by_channel("console", "wg-2")
        assert broken is not None
        store.groups.set_field(broken, "deadline", date(9999, 12, 31), "console:x", bot.clock())
    port = RecordingPort()
    sweeper(bot, port).sweep()
    sent_to = {(s.kind, s.to.id) for s in port.sent}
    assert ("nudge", "s1") in sent_to and ("deadline", "wg-1") in sent_to
    assert ("deadline", "wg-2") not in sent_to  # the broken part is skipped (and logged)
