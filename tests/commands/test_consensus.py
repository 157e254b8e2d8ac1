"""Statements, votes and the convergence map in the console, on every backend: the
scenario of issue 20's "Done when", bad input, fairness and frozen results."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.messages import Tone
from tests.harness import BotHarness

STATEMENT = "Recommend BCP 38 with a two-year adoption window and GFCE support"
REASON = "Small ISPs cannot deploy it in two years without funding"


def five_members(bot: BotHarness) -> None:
    """Five members of four stakeholder groups (ana is the chair, Civil society)."""
    bot.setup_group()
    for user, line in [
        ("tom", "/wg join cs weog"),
        ("kofi", "/wg join tech africa"),
        ("mei", "/wg join private sector apac"),
        ("lars", "/wg join gov weog"),
    ]:
        assert bot.say(line, user=user).tone is Tone.SUCCESS


def test_done_when_scenario(bot: BotHarness) -> None:
    five_members(bot)
    proposed = bot.say(f"/wg propose {STATEMENT}", user="kofi")
    assert proposed.title == "Statement #1 for BPF Cybersecurity"
    assert [b.label for b in proposed.buttons] == ["Agree", "Disagree", "Pass"]
    for user in ("ana", "tom", "kofi", "lars"):
        assert bot.say("/wg vote 1 agree", user=user).tone is Tone.SUCCESS
    assert bot.say("/wg vote 1 pass", user="mei").tone is Tone.SUCCESS
    changed = bot.text(f"/wg vote 1 disagree {REASON}", user="lars")
    assert "disagree (it was agree), counted for Government" in changed
    assert "without your name" in changed

    before = bot.audit_count()
    refused = bot.say("/wg vote 1 agree", user="zed")
    assert refused.tone is Tone.ERROR and refused.ephemeral
    assert "\n" not in refused.text and "/wg join GROUP [REGION]" in refused.text
    assert bot.audit_count() == before

    text = bot.text("/wg consensus 1")
    assert (
        "Verdict: diverging: Civil society, Technical community mostly agree; "
        "Government mostly disagree." in text
    )
    assert "Votes: 5 people from 4 stakeholder groups" in text
    assert "Civil society: 2 agree · 0 disagree · 0 pass → mostly agree" in text
    assert "Government: 0 agree · 1 disagree · 0 pass → mostly disagree" in text
    assert "Private sector: 0 agree · 0 disagree · 1 pass" in text
    assert "Stakeholder groups: Intergovernmental organisation, Academia" in text
    assert "Regions: Eastern European States" in text
    assert "Western European and Others (WEOG): 1 agree · 1 disagree · 0 pass" in text
    # Anonymous: lars is Government's only voter, so the group would name him.
    assert f"A member: “{REASON}”" in text and f"Government: “{REASON}”" not in text
    assert "Lars" not in text
    reply = bot.say("/wg consensus 1")
    assert reply.attachments and reply.attachments[0].content.startswith(b"\x89PNG")

    history = bot.text("/wg history 10")
    assert "console:lars vote.change: — → #1 vote cast" in history
    assert REASON[:20] not in history  # the unsigned reason is not tied to Lars
    assert "disagree" not in history and "reason given" not in history

    export = bot.say("/wg export").attachments[0].content.decode()
    assert "## Statements and where the stakeholder groups stand" in export
    assert f"1. {STATEMENT}" in export
    assert "Verdict: **diverging: Civil society, Technical community mostly agree; " in export
    assert f"Dissent, A member: “{REASON}”" in export


def test_a_second_vote_replaces_the_first_and_nobody_counts_twice(bot: BotHarness) -> None:
    five_members(bot)
    bot.say(f"/wg propose {STATEMENT}")
    for choice in ("agree", "disagree", "pass", "agree", "agree"):
        bot.say(f"/wg vote 1 {choice}", user="kofi")
    assert "unchanged" in bot.text("/wg vote 1 agree", user="kofi")
    with bot.read() as store:
        statement = store.statements.get(1, 1)
        assert statement is not None and statement.id is not None
        votes = store.votes.of_statement(statement.id)
    assert [(v.voter, v.choice) for v in votes] == [("console:kofi", "agree")]
    assert "1 person from 1 stakeholder group" in bot.text("/wg consensus 1")


def test_named_reason_shows_the_name(bot: BotHarness) -> None:
    five_members(bot)
    bot.say(f"/wg propose {STATEMENT}")
    assert "with your name" in bot.text(f"/wg vote 1 disagree named {REASON}", user="lars")
    assert f"Government (Lars): “{REASON}”" in bot.text("/wg consensus 1")
    # The history says only that a vote was cast; the signed reason is in /wg consensus.
    assert REASON[:20] not in bot.text("/wg history 3")


def test_member_without_stakeholder_group_and_non_member_are_refused(bot: BotHarness) -> None:
    five_members(bot)
    assert bot.say("/wg propose Something", user="zed").tone is Tone.ERROR
    bot.say(f"/wg propose {STATEMENT}")
    with bot.read() as store:
        group = store.groups.get(1)
        assert group is not None
        store.members.join(1, "console", "nia", "Nia", None, None, _member(), "t", bot.clock())
    reply = bot.say("/wg vote 1 agree", user="nia")
    assert reply.tone is Tone.ERROR and "stakeholder group" in reply.text


def _member():  # type: ignore[no-untyped-def]
    from storage.groups.models import MemberRole

    return MemberRole.MEMBER


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/wg vote 7 agree", "There is no statement #7 here"),
        ("/wg vote 0 agree", "NUMBER must be between 1 and 999999, not 0"),
        ("/wg vote 1 maybe", "`maybe` is not a vote: use `agree`, `disagree` or `pass`"),
        ("/wg vote 1", "Missing CHOICE"),
        ("/wg consensus 7", "There is no statement #7 here"),
        ("/wg propose", "Missing TEXT"),
        ("/wg propose    ", "Missing TEXT"),
        ("/wg propose by:2027-03-01", "Missing TEXT"),
        ("/wg propose x" + "y" * 2999, "That statement is 3000 characters"),
        ("/wg propose Adopt it by:2026-01-01", "The closing date 2026-01-01 has passed"),
        ("/wg propose Adopt it by:tomorrow", "`by:tomorrow` is not a closing date"),
        ("/wg propose Adopt it by:2027-02-30", "`by:2027-02-30` is not a closing date"),
        ("/wg propose close 7", "There is no statement #7 here"),
        ("/wg propose close x", "`x` is not a statement number"),
        ("/wg propose withdraw", "Missing a statement number"),
        ("/wg propose close 99999999999999999999", "`99999999999999999999` is not a statement"),
        ("/wg propose from-draft 1", "There is no draft yet"),
        ("/wg propose bad\x00text", "control character"),
        ("/wg vote 1 disagree " + "r" * 1001, "That reason is 1001 characters"),
        ("/wg vote 1 disagree bad\x00reason", "control character"),
        ("/wg vote 99999999999999999999 agree", "NUMBER must be between 1 and 999999"),
    ],
)
def test_bad_input_gets_one_line_and_changes_nothing(
    bot: BotHarness, line: str, expected: str
) -> None:
    five_members(bot)
    bot.say(f"/wg propose {STATEMENT}")
    before = bot.audit_count()
    reply = bot.say(line, user="ana")  # the chair: every refusal is about the input
    assert reply.tone is Tone.ERROR and reply.ephemeral, reply.text
    assert expected in reply.text
    assert "\n" not in reply.text
    assert bot.audit_count() == before


def test_closed_and_withdrawn_statements_change_nothing(bot: BotHarness) -> None:
    five_members(bot)
    bot.say(f"/wg propose {STATEMENT}")
    bot.say("/wg propose Second statement")
    bot.say("/wg vote 1 agree", user="kofi")
    refused = bot.say("/wg propose close 1", user="kofi")
    assert refused.tone is Tone.ERROR and "Only a chair" in refused.text
    assert bot.say("/wg propose close 1").tone is Tone.SUCCESS
    assert bot.say("/wg propose withdraw 2").tone is Tone.SUCCESS
    before = bot.audit_count()
    for line, expected in [
        ("/wg vote 1 disagree", "Voting on statement #1 has ended"),
        ("/wg vote 2 agree", "Statement #2 was withdrawn"),
        ("/wg propose close 1", "Statement #1 is already closed"),
        ("/wg consensus 2", "Statement #2 was withdrawn"),
    ]:
        reply = bot.say(line, user="ana")
        assert reply.tone is Tone.ERROR and expected in reply.text, reply.text
    assert bot.audit_count() == before
    assert "1 agree" in bot.text("/wg consensus 1")
    listing = bot.text("/wg consensus")
    assert "#1 " in listing and "closed, results frozen" in listing and "#2 " not in listing
    assert "Second statement" not in bot.say("/wg export").attachments[0].content.decode()


def test_closing_date_freezes_results(bot: BotHarness) -> None:
    five_members(bot)
    assert "votes until 2027-01-12" in bot.text(f"/wg propose {STATEMENT} by:2027-01-12")
    assert bot.say("/wg vote 1 agree", user="kofi").tone is Tone.SUCCESS
    bot.clock.advance(timedelta(days=1))  # the closing day itself still counts
    assert bot.say("/wg vote 1 agree", user="mei").tone is Tone.SUCCESS
    bot.clock.advance(timedelta(days=1))
    reply = bot.say("/wg vote 1 disagree", user="kofi")
    assert reply.tone is Tone.ERROR and "results are frozen" in reply.text
    assert "voting ended 2027-01-12, results frozen" in bot.text("/wg consensus 1")


def test_hostile_text_is_kept_as_data(bot: BotHarness) -> None:
    five_members(bot)
    hostile = (
        "<!channel> @everyone <@U123> <@&1> <https://evil|label> [label](https://evil) "
        "*bold* _it_ ~x~ `c` &amp; &lt; a\u200bb \u202eRTL 12345678901234567890"
    )
    # The input boundary removes the invisible characters (zero-width, bidi override).
    kept = hostile.replace("\u200b", "").replace("\u202e", "")
    assert bot.say(f"/wg propose {hostile}").text == kept
    bot.say(f"/wg vote 1 disagree {hostile}", user="lars")
    bot.say("/wg vote 1 agree", user="kofi")
    text = bot.text("/wg consensus 1")
    assert f"A member: “{' '.join(kept.split())}”" in text
    assert "1 person" not in text and "2 people from 2 stakeholder groups" in text


def test_overview_has_no_statements_yet_is_fine(bot: BotHarness) -> None:
    bot.setup_group()
    reply = bot.say("/wg consensus")
    assert reply.ephemeral and "No statements yet" in reply.text


def test_help_on_discord_shows_discord_forms(bot: BotHarness) -> None:
    from bot.core.messages import Platform

    bot.platform = Platform.DISCORD
    listing = bot.text("/wg help all")
    assert "`/wg-chair goal TEXT…`" in listing and "`/wg-mag overview [VIEW…]`" in listing
    assert "`/wg vote NUMBER CHOICE [REASON…]`" in listing
    assert bot.say("/wg help goal").title == "/wg-chair goal"
    bot.platform = Platform.CONSOLE
    assert "`/wg goal TEXT…`" in bot.text("/wg help chairs")


def test_the_database_refuses_a_second_row_for_one_voter(bot: BotHarness) -> None:
    """Whatever races past the repository (two processes, two clicks), the unique key keeps
    one row per person and statement."""
    from sqlalchemy.exc import IntegrityError

    from storage.consensus.models import Vote

    five_members(bot)
    bot.say(f"/wg propose {STATEMENT}")
    bot.say("/wg vote 1 agree", user="kofi")
    with pytest.raises(IntegrityError), bot.read() as store:
        statement = store.statements.get(1, 1)
        assert statement is not None and statement.id is not None
        store.session.add(
            Vote(
                statement_id=statement.id,
                group_id=1,
                voter="console:kofi",
                stakeholder_group="Government",
                choice="disagree",
                cast_at=bot.clock(),
            )
        )
        store.session.flush()
    assert "1 person from 1 stakeholder group" in bot.text("/wg consensus 1")
