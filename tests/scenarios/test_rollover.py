"""The hand-over to the next cycle: last year's outcome stays readable (read-only) under its
year, the charter, liaisons and goal carry over with a request to review them, every member
is asked "continue?" once (buttons), and who does not answer within the window lapses out of
coverage while their history stays."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Action, Actor, Platform, Tone, Where
from bot.scheduler.plan_cycle import RENEWAL
from tests.harness import BotHarness
from tests.scheduler.helpers import RecordingPort, sweeper


def _press(bot: BotHarness, user: str, button_value: str, action: str) -> str:
    actor = Actor(Platform.CONSOLE, user, user)
    where = Where(Platform.CONSOLE, f"dm-{user}")
    return bot.app.dispatcher.handle_action(Action(actor, where, action, button_value)).text


def test_rollover_keeps_last_year_carries_the_charter_and_lapses_the_silent(
    bot: BotHarness,
) -> None:
    bot.setup_group()  # ana: chair, civil society
    bot.say("/wg goal Five practices ISPs commit to", user="ana")
    bot.say("/wg charter 1 Known standards are not implemented.")
    bot.say("/wg liaison add GFCE")
    bot.say("/wg join tech africa", user="kofi")
    bot.say("/wg join gov weog", user="lars")
    bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    bot.app.dispatcher.record_message(
        Actor(Platform.CONSOLE, "ana", "Ana"),
        Where(Platform.CONSOLE, bot.channel),
        text="We recommend BCP 38 with GFCE support.",
    )
    assert bot.say("/summarize").tone is not Tone.ERROR
    bot.say("/wg comments open until 2027-02-01")
    bot.say("/wg comment 0 Good start.", user="kofi")
    bot.say("/wg milestone charter done")

    assert "Only a chair" in bot.say("/wg rollover 2028", user="kofi").text
    assert "roll it over to a later year" in bot.say("/wg rollover 2027").text
    assert "is not a year" in bot.say("/wg rollover next").text
    port = RecordingPort()
    bot.clock.advance(timedelta(days=1))
    handed = bot.say("/wg rollover 2028")
    assert handed.tone is Tone.SUCCESS, handed.text
    assert "`/wg history 2027`" in handed.text and "2 members are asked" in handed.text
    review = handed.sections[0].lines
    assert review[0].startswith("Goal: Five practices ISPs commit to")
    assert review[1].startswith("Charter: 1/10 answers carried over")
    assert review[2].startswith("Liaisons: GFCE")

    # Last year, read-only and readable.
    past = bot.say("/wg history 2027")
    assert "read-only" in past.text and "Outcome: draft v1" in past.text
    sections = {s.heading: s.lines for s in past.sections}
    assert "✓ 2027-02-02 Charter agreed (`charter`): done 2027-01-11" in sections["Timeline"]
    assert sections["Comments"][0].startswith("C1 (general, Kofi, Technical community)")
    assert "handed over" in bot.say("/wg disposition 1 accepted Thanks.").text
    assert "No comment round is open" in bot.say("/wg comment 0 More", user="kofi").text
    # The charter carried over; the new cycle has no meeting date yet.
    assert "Known standards" in bot.text("/wg charter")
    assert "2028 cycle has no meeting date" in bot.text("/wg status")

    # Each member asked once (the chair who handed over continues).
    sweeper(bot, port).sweep()
    sweeper(bot, port).sweep()
    asked = port.kinds(RENEWAL)
    assert sorted(s.to.id for s in asked) == ["kofi", "lars"]
    kofi = next(s for s in asked if s.to.id == "kofi")
    yes = next(b for b in kofi.reply.buttons if b.label == "Yes")
    assert "That question was not asked of you" in _press(bot, "zoe", yes.value, yes.action_id)
    assert "Welcome to BPF Cybersecurity's 2028 cycle" in _press(
        bot, "kofi", yes.value, yes.action_id
    )

    # Lars does not answer: after 14 days he lapses out of coverage; his history stays.
    members = bot.say("/wg coverage").sections[0].heading
    assert members == "Stakeholder groups among 3 members"
    bot.clock.advance(timedelta(days=14))
    assert bot.say("/wg coverage").sections[0].heading == "Stakeholder groups among 2 members"
    sweeper(bot, port).sweep()
    assert len(port.kinds(RENEWAL)) == 2  # never asked again
    lapsed = {s.heading: s.lines for s in bot.say("/wg history 2027").sections}
    assert lapsed["Lapsed at the hand-over to 2028"] == ("Lars",)
    with bot.read() as store:
        assert store.members.get(1, "console", "lars") is not None
    # Joining again is a Yes: Lars counts again.
    bot.say("/wg join gov weog", user="lars")
    assert bot.say("/wg coverage").sections[0].heading == "Stakeholder groups among 3 members"

    # A year later the MAG sets 2028: the group's milestones follow it.
    bot.say("/wg cycle 2028 meeting 2028-06-20", user="admin")
    assert "timeline 2028" in (bot.say("/wg timeline").title or "")
    assert bot.say("/wg deadline 2028-08-01").tone is Tone.SUCCESS
