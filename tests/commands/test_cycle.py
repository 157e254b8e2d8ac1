"""`/wg cycle`, `/wg timeline`, `/wg milestone` and `/wg deadline` as the final report, through
the real dispatcher and database; the phase in status, App Home, the overview and the export."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.messages import Platform, Tone
from tests.harness import BotHarness


def _lines(bot: BotHarness, line: str, user: str = "ana") -> list[str]:
    reply = bot.say(line, user=user)
    assert reply.tone is not Tone.ERROR, reply.text
    return [row for section in reply.sections for row in section.lines]


def _error(bot: BotHarness, line: str, user: str = "ana") -> str:
    reply = bot.say(line, user=user)
    assert reply.tone is Tone.ERROR and reply.ephemeral, reply.text
    assert "\n" not in reply.text
    return reply.text


def test_only_admins_set_the_cycle_and_bad_input_says_how_to_fix_it(bot: BotHarness) -> None:
    bot.setup_group()
    assert "No cycle is set yet" in _error(bot, "/wg cycle", user="admin")
    assert "Only MAG admins and MAG sponsors" in _error(bot, "/wg cycle 2027 meeting 2027-06-22")
    assert "needs its meeting date" in _error(bot, "/wg cycle 2027", user="admin")
    assert "needs its meeting date" in _error(bot, "/wg cycle 2027 meeting", user="admin")
    assert "is not a date" in _error(bot, "/wg cycle 2027 meeting 2027-13-01", user="admin")
    assert "is not a year" in _error(bot, "/wg cycle 27 meeting 2027-06-22", user="admin")
    assert "is not near 2027" in _error(bot, "/wg cycle 2027 meeting 2031-06-22", user="admin")
    with bot.read() as store:
        assert store.cycle.newest() is None  # nothing written by any of them
    lines = _lines(bot, "/wg cycle 2027 meeting 2027-06-22", user="admin")
    assert lines[0] == "Charter agreed: 2027-02-02" and lines[-1] == "Uptake review: 2027-12-21"
    again = bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    assert "already has its meeting" in again.text
    shown = _lines(bot, "/wg cycle", user="admin")
    assert "First draft (`draft`): 2027-04-27 · 8 weeks before" in shown
    assert "Text frozen (`frozen`): 2027-06-15 · 1 week before" in shown


def test_timeline_move_and_mark_with_the_deadline_as_final_report(bot: BotHarness) -> None:
    bot.setup_group()
    assert "no timeline yet" in _error(bot, "/wg timeline")
    assert "no cycle yet" in _error(bot, "/wg milestone draft 2027-05-01")
    bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    lines = _lines(bot, "/wg timeline")
    assert lines[0] == "▶ today 2027-01-11"
    assert "· 2027-04-27 First draft (`draft`): due in 106 days" in lines
    # The cycle gave the group its final report as deadline.
    assert "· 2027-08-17 Final report (`final-report`): due in 218 days" in lines
    assert bot.say("/wg status").fields[1].value == "218 days left (deadline 2027-08-17)"

    moved = bot.say("/wg milestone draft 2027-05-01")
    assert moved.tone is Tone.SUCCESS and "First draft is on 2027-05-01" in moved.text
    assert "cannot come after Comments open (2027-05-11)" in _error(
        bot, "/wg milestone draft 2027-07-01"
    )
    assert "is not a date" in _error(bot, "/wg milestone draft 2027-02-31")
    assert "No milestone `drfat`" in _error(bot, "/wg milestone drfat 2027-05-01")
    assert "Only a chair" in _error(bot, "/wg milestone draft done", user="kofi")
    assert bot.say("/wg milestone charter done").tone is Tone.SUCCESS
    assert "already" in bot.say("/wg milestone charter done").text

    # `/wg deadline` is the final report, in the cycle's order.
    assert "Final report cannot come before" in _error(bot, "/wg deadline 2027-05-01")
    assert bot.say("/wg deadline 2027-08-31").tone is Tone.SUCCESS
    lines = _lines(bot, "/wg timeline")
    assert "✓ 2027-02-02 Charter agreed (`charter`): done 2027-01-11" in lines
    assert "· 2027-05-01 First draft (`draft`): due in 110 days" in lines
    assert "· 2027-08-31 Final report (`final-report`): due in 232 days" in lines
    assert lines.index("▶ today 2027-01-11") == 0  # by date: the charter is due later
    assert "Scoping (since 2027-01-11)" in bot.say("/wg timeline").text


def test_phase_and_lateness_in_status_home_overview_and_export(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    bot.clock.advance(timedelta(days=60))  # 2027-03-12: charter and call-opens passed
    status = bot.say("/wg status")
    phase = next(f for f in status.fields if f.label == "Phase")
    assert phase.value.startswith("Call for input (since 2027-02-16)")
    attention = [line for s in status.sections for line in s.lines]
    assert "⚠ Charter agreed is 38 days late (due 2027-02-02)" in attention
    home = [line for s in bot.say("/wg home").sections for line in s.lines]
    assert any(line.startswith("Phase: Call for input") for line in home)
    overview = bot.say("/wg overview", user="admin")
    assert "Call for input · late" in overview.sections[0].lines[0]
    assert "1 late in the cycle" in overview.text
    table = next(a for a in overview.attachments if a.filename == "overview.md").content.decode()
    assert "| phase |" in table and "| Call for input · late |" in table
    export = bot.say("/wg export").attachments[0].content.decode()
    assert "## Timeline (cycle 2027)" in export
    assert "| Charter agreed | 2027-02-02 | 38 days late |" in export
    assert "## Comments and how they were addressed" in export


def test_discord_and_slack_get_a_gantt_picture(bot: BotHarness) -> None:
    bot.platform = Platform.DISCORD
    bot.setup_group()
    bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    reply = bot.say("/wg timeline")
    (picture,) = reply.attachments
    assert picture.filename == "timeline.png" and picture.content.startswith(b"\x89PNG")
    bot.platform = Platform.CONSOLE
    bot.say("/wg create Other group", channel="other")
    assert bot.say("/wg timeline", channel="other").attachments == ()


def test_a_newer_cycle_keeps_groups_in_theirs_until_they_roll_over(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    bot.say("/wg cycle 2028 meeting 2028-06-20", user="admin")
    assert "timeline 2027" in (bot.say("/wg timeline").title or "")
    bot.say("/wg create New group", channel="new")
    assert "timeline 2028" in (bot.say("/wg timeline", channel="new").title or "")
    with bot.read() as store:
        group = store.groups.by_name("New group")
        assert group is not None and group.deadline == date(2028, 8, 15)
    # Moving the meeting moves the default final report with it, not a chair's own.
    bot.say("/wg deadline 2027-09-01")
    bot.say("/wg cycle 2027 meeting 2027-06-29", user="admin")
    bot.say("/wg cycle 2028 meeting 2028-06-27", user="admin")
    with bot.read() as store:
        ours, new = store.groups.by_name("BPF Cybersecurity"), store.groups.by_name("New group")
        assert ours is not None and ours.deadline == date(2027, 9, 1)
        assert new is not None and new.deadline == date(2028, 8, 22)


def test_help_groups_by_who_and_phase_and_fits_a_members_screen(bot: BotHarness) -> None:
    bot.setup_group()
    member = bot.say("/wg help", user="kofi")
    titles = [s.heading for s in member.sections]
    assert titles[0] == "Getting started" and "Comments on the draft" in titles
    assert "The cycle" in titles and not any("Chairs" in t for t in titles)
    lines = sum(len(s.lines) for s in member.sections) + len(member.sections)
    assert lines <= 40, lines  # one screen
    assert "`/wg help chairs`" in member.text and "`/wg help mag`" in member.text
    chair = [s.heading for s in bot.say("/wg help").sections]
    assert "Chairs' commands" in chair and "The MAG's commands" not in chair
    mag = [line for s in bot.say("/wg help mag", user="kofi").sections for line in s.lines]
    assert any(line.startswith("`/wg cycle [TEXT…]`") for line in mag)
