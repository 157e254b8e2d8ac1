"""/wg sponsor, ask, done, status and coverage, through the dispatcher on every backend."""

from __future__ import annotations

from bot.core.messages import Tone
from bot.ground.states import SponsorState
from tests.harness import BotHarness


def test_sponsor_assignment_and_status(bot: BotHarness) -> None:
    bot.setup_group()
    assert "No MAG sponsor" in bot.text("/wg status")
    assert bot.say("/wg sponsor @marta", user="kofi").tone is Tone.ERROR  # not a chair
    reply = bot.say("/wg sponsor <@U77|Marta Ruiz>")
    assert reply.tone is Tone.SUCCESS and "Marta Ruiz" in reply.text
    assert "already sponsors" in bot.say("/wg sponsor <@U77|Marta Ruiz>").text
    status = bot.text("/wg status")
    assert "MAG sponsor: @Marta Ruiz: not yet confirmed" in status
    assert "No MAG sponsor" not in status


def test_stepped_down_sponsor_is_hidden_and_can_be_reassigned(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg sponsor @marta")
    with bot.app.database.session() as session:
        from storage import Store

        store = Store(session)
        sponsor = store.sponsors.get(1, "console", "marta")
        assert sponsor is not None
        store.sponsors.set_state(
            sponsor, SponsorState.STEPPED_DOWN, None, "console:marta", bot.clock()
        )
    assert "No MAG sponsor" in bot.text("/wg status")
    assert "is now the MAG sponsor" in bot.text("/wg sponsor @marta")


def test_asks_are_queued_listed_and_closed(bot: BotHarness) -> None:
    bot.setup_group()
    reply = bot.say("/wg ask Introduce us to the GFCE please", user="kofi")
    assert "Ask #1 queued" in reply.text and "no MAG sponsor yet" in reply.text
    bot.say("/wg sponsor @marta")
    assert "no MAG sponsor" not in bot.text("/wg ask Second ask", user="mei")
    status = bot.text("/wg status")
    assert "Open asks for the sponsor (2)" in status and "#1 Introduce us to the GFCE" in status
    assert bot.say("/wg done 2", user="kofi").tone is Tone.ERROR  # not the asker
    assert bot.say("/wg done 2", user="marta").tone is Tone.SUCCESS  # the sponsor
    assert bot.say("/wg done 1", user="kofi").tone is Tone.SUCCESS  # the asker
    assert "no open ask #1" in bot.text("/wg done 1")
    assert "Open asks" not in bot.text("/wg status")


def test_status_shows_everything_a_group_needs(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg goal Five practices")
    bot.say("/wg deadline in 10 weeks")
    bot.say("/wg charter 1 The problem")
    bot.say("/wg join tech africa", user="kofi")
    reply = bot.say("/wg status", user="kofi")
    assert not reply.ephemeral
    fields = {f.label: f.value for f in reply.fields}
    assert fields["Goal"] == "Five practices"
    assert fields["Deadline"] == "70 days left (deadline 2027-03-22)"
    assert fields["Charter"] == "1/10"
    assert fields["Chairs"] == "@Ana"
    assert fields["Last draft"].startswith("none yet")
    assert fields["Members"] == "2: Civil society 1, Technical community 1"
    attention = "\n".join(line for s in reply.sections for line in s.lines)
    assert (
        "Missing stakeholder groups: Government, Intergovernmental organisation, Private "
        "sector, Academia." in attention
    )
    assert "No goal set" not in attention


def test_coverage_counts_members_and_voices(bot: BotHarness) -> None:
    bot.setup_group()  # ana: civil society, GRULAC
    bot.say("/wg join cs weog", user="tom")
    bot.say("/wg join cs weog", user="eva")
    bot.say("/wg join tech africa", user="kofi")
    bot.chat("ana", times=2)
    bot.chat("tom", times=5)
    bot.chat("stranger", times=3)
    reply = bot.say("/wg coverage")
    text = "\n".join([reply.text, *(line for s in reply.sections for line in s.lines)])
    assert "Civil society holds 3 of 4 members (more than half)." in text
    assert "Civil society wrote 7 of 7 recent messages (more than half)." in text
    assert "Members but no voice heard recently: Technical community." in text
    assert "(+3 messages from people who have not joined)" in text
    assert "Missing regions: Asia-Pacific States, Eastern European States." in text


def test_all_covered_group_has_no_warnings(bot: BotHarness) -> None:
    bot.setup_group()
    for user, line in [
        ("g", "gov africa"),
        ("i", "igo apac"),
        ("p", "private eeg"),
        ("t", "tech weog"),
        ("a", "academia grulac"),
    ]:
        bot.say(f"/wg join {line}", user=user)
    for user in ("ana", "g", "i", "p", "t", "a"):
        bot.chat(user)
    reply = bot.say("/wg coverage")
    assert reply.tone is Tone.SUCCESS
    assert reply.text.startswith("All stakeholder groups and regions are at the table.")
    assert not any(s.heading == "Warnings" for s in reply.sections)


def test_messages_in_unbound_channels_are_not_counted(bot: BotHarness) -> None:
    bot.setup_group()
    from bot.core.messages import Actor, Platform, Where

    counted = bot.app.dispatcher.record_message(
        Actor(Platform.CONSOLE, "x"), Where(Platform.CONSOLE, "elsewhere")
    )
    assert counted is False


def test_sponsor_replaces_unless_also_and_refuses_broadcasts(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg sponsor @marta")
    reply = bot.say("/wg sponsor <@U9|Lena Berg>")
    assert "replacing @marta" in reply.text
    assert "MAG sponsor: @Lena Berg: not yet confirmed" in bot.text("/wg status")
    assert "a MAG sponsor" in bot.say("/wg sponsor @kofi also").text
    status = bot.text("/wg status")
    assert "@Lena Berg: not yet confirmed; @kofi: not yet confirmed" in status
    assert "marta" not in status
    assert bot.say("/wg sponsor @x maybe").tone is Tone.ERROR
    assert bot.say("/wg sponsor @here").tone is Tone.ERROR
    with bot.read() as store:
        marta = store.sponsors.get(1, "console", "marta")
        assert marta is not None and marta.state == SponsorState.STEPPED_DOWN.value


def test_repeats_that_change_nothing_write_nothing(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg goal Same goal")
    bot.say("/wg deadline 2027-05-05")
    bot.say("/wg charter 1 Same answer")
    before = bot.audit_count()
    assert "already" in bot.say("/wg goal Same goal").text
    assert "already" in bot.say("/wg deadline 2027-05-05").text
    bot.say("/wg chair @kofi")
    after_chair = bot.audit_count()
    bot.say("/wg charter 1 Same answer", user="kofi")  # re-submitted unchanged (a form save)
    assert bot.audit_count() == after_chair == before + 1
    with bot.read() as store:
        assert store.charter.answers(1)[1].answered_by == "console:ana"  # authorship kept


def test_the_only_chair_cannot_leave(bot: BotHarness) -> None:
    bot.say("/wg create Lonely Group")
    assert "only chair" in bot.say("/wg leave").text
    with bot.read() as store:
        assert len(store.members.chairs(1)) == 1


def test_asks_are_numbered_within_their_group(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg create Other Group", channel="c2")
    assert "Ask #1" in bot.say("/wg ask one", channel="c2").text
    assert "Ask #1" in bot.say("/wg ask first here").text  # not #2: numbers are per group
    assert "Ask #2" in bot.say("/wg ask second here").text
    assert bot.say("/wg done 2").tone is Tone.SUCCESS
    assert "#1 first here" in bot.text("/wg status")
