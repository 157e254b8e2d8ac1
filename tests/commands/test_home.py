"""`/wg home`: a person's groups, gaps and (for sponsors) open asks, across channels."""

from __future__ import annotations

from bot.core.messages import Tone
from bot.core.render_text import render_text
from tests.harness import BotHarness


def test_home_lists_groups_gaps_and_sponsor_asks(bot: BotHarness) -> None:
    assert "not in any working group" in bot.text("/wg home", user="zoe")
    bot.setup_group()
    bot.say("/wg deadline 2027-03-01")
    bot.say("/wg create PN Energy", channel="pn-energy")
    bot.say("/wg join tech weog", user="ana", channel="pn-energy")
    bot.say("/wg sponsor @zoe")
    bot.say("/wg ask review the draft please", user="ana")

    text = render_text(bot.say("/wg home", user="ana"))
    assert "BPF Cybersecurity (chair)" in text
    assert "PN Energy" in text
    assert "days left" in text or "left" in text
    assert "⚠" in text  # coverage gaps in small groups

    sponsor_view = render_text(bot.say("/wg home", user="zoe"))
    assert "You sponsor BPF Cybersecurity" in sponsor_view
    assert "review the draft please" in sponsor_view
    assert "PN Energy" not in sponsor_view


def test_home_and_status_flag_the_same_things_in_the_same_words(bot: BotHarness) -> None:
    """One set of rules (bot/overview/attention.py): home used to skip a missing deadline,
    chair or sponsor that status flagged, and ignored the chairs' coverage mutes."""
    bot.say("/wg create BPF Cybersecurity")
    bot.say("/wg join cs africa")
    muted = bot.say("/wg mute coverage Government not relevant for this forum")
    assert muted.tone is Tone.SUCCESS, muted.text
    status = bot.say("/wg status")
    (needs,) = [s for s in status.sections if s.heading == "Needs attention"]
    home = bot.say("/wg home")
    (mine,) = [s for s in home.sections if s.heading.startswith("BPF Cybersecurity")]
    flagged = [line for line in mine.lines if line.startswith("⚠")]
    assert flagged == list(needs.lines)[: len(flagged)]
    assert "⚠ No deadline set: a chair can set one with `/wg deadline …`." in flagged
    assert "⚠ No MAG sponsor: a chair can name one with `/wg sponsor @user`." in flagged
    (missing,) = [line for line in flagged if "Missing stakeholder groups" in line]
    assert "Government" not in missing  # muted here as in status
