"""/wg create, goal, deadline: through the dispatcher, on every database backend."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Tone
from tests.harness import BotHarness


def test_create_binds_channel_and_makes_creator_chair(bot: BotHarness) -> None:
    reply = bot.say("/wg create BPF Cybersecurity", user="ana")
    assert reply.tone is Tone.SUCCESS and not reply.ephemeral
    assert "Best Practice Forum" in reply.text
    with bot.read() as store:
        group = store.groups.by_channel("console", "wg-cyber")
        assert group is not None and group.name == "BPF Cybersecurity"
        assert group.created_at == bot.clock()
        chairs = store.members.chairs(group.id or 0)
        assert [c.user_id for c in chairs] == ["ana"]


def test_create_with_explicit_format_and_multiword_name(bot: BotHarness) -> None:
    bot.say("/wg create Meaningful Access Working Group format:policy-network")
    bot.say("/wg create Internet Universality Policy Network", channel="c2")
    bot.say("/wg create Gender BPF", channel="c3")
    with bot.read() as store:
        made = [store.groups.by_channel("console", c) for c in ("wg-cyber", "c2", "c3")]
    assert [(g.name, g.format) for g in made if g] == [
        ("Meaningful Access Working Group", "Policy Network"),
        ("Internet Universality Policy Network", "Policy Network"),  # the name keeps its words
        ("Gender BPF", "Best Practice Forum"),
    ]
    bad = bot.say("/wg create Youth format:club", channel="c4")
    assert bad.tone is Tone.ERROR and "`club` is not a format" in bad.text


def test_blank_quoted_arguments_are_missing_and_change_nothing(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg goal Keep me")
    before = bot.audit_count()
    for line in ('/wg goal ""', '/wg ask "  "', '/wg create ""'):
        reply = bot.say(line, channel="wg-cyber" if "create" not in line else "new")
        assert reply.tone is Tone.ERROR and "Missing" in reply.text, line
    # A blank answer is no answer: the question is shown, nothing stored.
    assert bot.say('/wg charter 3 ""').title == "Charter question 3"
    assert bot.audit_count() == before
    assert "Goal: Keep me" in bot.text("/wg status")


def test_create_in_bound_channel_is_refused_and_changes_nothing(bot: BotHarness) -> None:
    bot.setup_group()
    before = bot.audit_count()
    reply = bot.say("/wg create Another Group", user="bob")
    assert reply.tone is Tone.ERROR and reply.ephemeral
    assert "already bound to `BPF Cybersecurity`" in reply.text
    assert bot.audit_count() == before


def test_duplicate_group_name_elsewhere_is_refused(bot: BotHarness) -> None:
    bot.setup_group()
    reply = bot.say("/wg create bpf  cybersecurity", channel="other")
    assert reply.tone is Tone.ERROR and "exists already" in reply.text
    with bot.read() as store:
        assert store.groups.by_channel("console", "other") is None


def test_commands_in_unbound_channel_say_how_to_create(bot: BotHarness) -> None:
    reply = bot.say("/wg status", channel="nowhere")
    assert reply.tone is Tone.ERROR and reply.ephemeral
    assert "/wg create NAME" in reply.text


def test_goal_needs_chair_and_is_recorded_with_history(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg join tech africa", user="kofi")
    denied = bot.say("/wg goal Take over the world", user="kofi")
    assert denied.tone is Tone.ERROR and "Only a chair" in denied.text
    assert bot.say("/wg goal Five practices adopted by ten ISPs").tone is Tone.SUCCESS
    assert bot.say("/wg goal Six practices").tone is Tone.SUCCESS
    with bot.read() as store:
        group = store.groups.by_channel("console", "wg-cyber")
        assert group is not None and group.goal == "Six practices"
        history = [(e.action, e.old, e.new) for e in store.audit.history(group.id or 0)]
    assert ("group.goal", "Five practices adopted by ten ISPs", "Six practices") in history


def test_admin_may_set_goal_without_being_member(bot: BotHarness) -> None:
    bot.setup_group()
    assert bot.say("/wg goal Admins can help", user="admin").tone is Tone.SUCCESS


def test_deadline_accepts_iso_and_relative_forms(bot: BotHarness) -> None:
    bot.setup_group()
    assert "2027-03-31" in bot.say("/wg deadline 2027-03-31").text
    reply = bot.say("/wg deadline in 6 weeks")
    assert "42 days left (deadline 2027-02-22)" in reply.text
    assert "10 days left" in bot.say("/wg deadline in 10 days").text


def test_bad_deadline_explains_formats_and_keeps_old_value(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg deadline 2027-03-31")
    for bad in ("next tuesday", "2026-12-01", "2027-02-30", "in 0 days"):
        reply = bot.say(f"/wg deadline {bad}")
        assert reply.tone is Tone.ERROR, bad
        assert "2027-03-31" in reply.text or "in 6 weeks" in reply.text
        assert "\n" not in reply.text
    with bot.read() as store:
        group = store.groups.by_channel("console", "wg-cyber")
        assert group is not None and str(group.deadline) == "2027-03-31"


def test_days_left_follow_the_clock(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg deadline in 10 days")
    bot.clock.advance(timedelta(days=9))
    assert "1 day left" in bot.text("/wg status")
    bot.clock.advance(timedelta(days=3))
    status = bot.text("/wg status")
    assert "overdue by 2 days" in status and "deadline has passed" in status


def test_history_shows_changes_newest_first(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg goal First goal")
    bot.say("/wg goal Second goal")
    reply = bot.say("/wg history 2", user="kofi")
    lines = reply.sections[0].lines
    assert len(lines) == 2 and reply.ephemeral
    assert lines[0].endswith("console:ana group.goal: First goal → Second goal")
    assert lines[1].endswith("console:ana group.goal: — → First goal")
    assert "(1 to 100), or a cycle's year" in bot.say("/wg history 500").text


def test_threads_belong_to_their_channel_unless_bound_themselves(bot: BotHarness) -> None:
    from bot.core.messages import Actor, Platform, Where

    bot.setup_group()  # channel wg-cyber
    dispatcher = bot.app.dispatcher
    ana = Actor(Platform.CONSOLE, "ana", "Ana")
    in_thread = Where(Platform.CONSOLE, "wg-cyber", thread_id="t1")
    status = dispatcher.handle_line(ana, in_thread, "/wg status")
    assert status is not None and status.title == "BPF Cybersecurity: status"
    assert dispatcher.record_message(ana, in_thread)
    # A sub-group created in a thread binds the thread, and the thread now answers for it.
    created = dispatcher.handle_line(ana, in_thread, "/wg create BPF Cyber Task Force")
    assert created is not None and created.tone is Tone.SUCCESS
    status = dispatcher.handle_line(ana, in_thread, "/wg status")
    assert status is not None and status.title == "BPF Cyber Task Force: status"
    again = dispatcher.handle_line(ana, in_thread, "/wg create Third")
    assert again is not None and again.tone is Tone.ERROR
    assert bot.say("/wg status").title == "BPF Cybersecurity: status"


def test_a_thread_group_cannot_change_its_parent_channels_settings(bot: BotHarness) -> None:
    """The chair of a group bound to a thread acts on the thread, never on the parent channel
    (which belongs to another group)."""
    from bot.core.messages import Actor, Platform, Where

    bot.setup_group()  # group A in channel wg-cyber, chaired by ana
    zed = Actor(Platform.CONSOLE, "zed", "Zed")
    in_thread = Where(Platform.CONSOLE, "wg-cyber", thread_id="t1")
    dispatcher = bot.app.dispatcher
    created = dispatcher.handle_line(zed, in_thread, "/wg create Thread Group")
    assert created is not None and created.tone is Tone.SUCCESS
    off = dispatcher.handle_line(zed, in_thread, "/wg summaries off")
    assert off is not None and off.tone is Tone.SUCCESS
    with bot.read() as store:
        assert store.summarizer.opted_out("console", "t1")
        assert not store.summarizer.opted_out("console", "wg-cyber")
