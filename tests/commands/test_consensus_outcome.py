"""Statements into the outcome: the draft (/summarize), from-draft, the coverage warning and
the MAG overview, on every backend."""

from __future__ import annotations

import json

from bot.core.messages import Tone
from bot.core.ports import Services
from tests.commands.test_consensus import REASON, STATEMENT, five_members
from tests.harness import BotHarness, ListHistory
from tests.summarizer.test_cmd_summarize import chat


def diverging(bot: BotHarness) -> None:
    five_members(bot)
    bot.say(f"/wg propose {STATEMENT}")
    for user in ("ana", "tom", "kofi"):
        bot.say("/wg vote 1 agree", user=user)
    bot.say(f"/wg vote 1 disagree {REASON}", user="lars")


def test_the_draft_carries_statements_and_becomes_statements(bot: BotHarness) -> None:
    diverging(bot)
    history = ListHistory()
    chat(bot, history, 30)
    reply = bot.say("/summarize", services=Services(history=history))
    assert reply.tone is not Tone.ERROR, reply.text
    (section,) = [s for s in reply.sections if s.heading == "Statements put to the group"]
    assert section.lines[0].startswith(f"#1 {STATEMENT} — diverging: Civil society")
    assert section.lines[1] == f"  dissent, A member: “{REASON}”"
    with bot.read() as store:
        draft = store.summarizer.latest(1)
        assert draft is not None
        markdown = draft.markdown
        recommendations = json.loads(draft.body_json)["recommendations"]
    head, _, tail = markdown.partition("## Statements put to the group\n")
    assert tail and "\n---\n" in tail and "\n---\n" not in head  # before the footer
    assert f"Dissent, A member: “{REASON}”" in tail

    assert recommendations, "the offline drafter made no recommendation to vote on"
    made = bot.say("/wg propose from-draft 1", user="kofi")
    assert made.title == "Statement #2 for BPF Cybersecurity"
    assert made.text == " ".join(recommendations[0]["text"].split())
    with bot.read() as store:
        statement = store.statements.get(1, 2)
        assert statement is not None and statement.source == "draft v1, recommendation 1"
    before = bot.audit_count()
    wrong = bot.say(f"/wg propose from-draft {len(recommendations) + 1}")
    assert wrong.tone is Tone.ERROR and "pick a number from 1 to" in wrong.text
    assert bot.audit_count() == before


def test_diverging_with_an_under_represented_dissenter_warns_on_coverage(
    bot: BotHarness,
) -> None:
    diverging(bot)
    text = bot.text("/wg coverage")
    assert (
        "Statement #1 diverges and Government, who mostly disagree, are under-represented "
        "(1 of 5 members)" in text
    )
    bot.say("/wg vote 1 agree", user="lars")  # no longer diverging: no warning
    assert "diverges" not in bot.text("/wg coverage")


def test_no_warning_when_the_dissenters_are_well_represented(bot: BotHarness) -> None:
    diverging(bot)
    bot.say("/wg vote 1 agree", user="lars")
    bot.say("/wg vote 1 disagree", user="ana")
    bot.say("/wg vote 1 disagree", user="tom")  # Civil society (2 members) now disagrees
    bot.chat("ana")
    bot.chat("tom")
    assert "diverging: Government, Technical community mostly agree; Civil society" in bot.text(
        "/wg consensus 1"
    )
    assert "diverges" not in bot.text("/wg coverage")


def test_overview_counts_statements_per_group(bot: BotHarness) -> None:
    diverging(bot)
    bot.say("/wg propose A second statement nobody voted on")
    bot.say("/wg propose A third one")
    for user in ("ana", "kofi", "lars"):
        bot.say("/wg vote 3 agree", user=user)
    reply = bot.say("/wg overview", user="admin")
    (line,) = [line for s in reply.sections for line in s.lines if "BPF Cybersecurity" in line]
    assert "statements 1 converge / 1 diverge / 1 wait" in line
    markdown = next(a for a in reply.attachments if a.filename.endswith(".md")).content.decode()
    assert "| 1 converge / 1 diverge / 1 wait |" in markdown
