"""`/wg home`: a person's groups, gaps and (for sponsors) open asks, across channels."""

from __future__ import annotations

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
