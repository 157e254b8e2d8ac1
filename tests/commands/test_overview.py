"""/wg overview, /wg overlaps, /wg outcomes and the weekly overlap digest, through the
dispatcher on every database backend."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from bot.core.messages import Tone
from bot.overview.digest import new_overlaps_digest
from testkit.overview_seed import seed_groups
from tests.fixtures.overlap_groups import GROUPS
from tests.harness import BotHarness

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def make_group(bot: BotHarness, channel: str, name: str, chair: str = "ana") -> None:
    assert bot.say(f"/wg create {name}", user=chair, channel=channel).tone is Tone.SUCCESS


def test_overview_is_for_admins_and_sponsors_only(bot: BotHarness) -> None:
    make_group(bot, "c1", "BPF Cybersecurity")
    denied = bot.say("/wg overview", user="kofi", channel="c1")
    assert denied.tone is Tone.ERROR and denied.ephemeral
    assert "Only MAG admins and MAG sponsors" in denied.text
    assert bot.say("/wg overlaps", user="kofi").tone is Tone.ERROR
    bot.say("/wg sponsor @mia", channel="c1")
    seen = bot.say("/wg overview", user="mia", channel="elsewhere")
    # Every group's gaps go to the person who asked, never to the channel they typed in.
    assert seen.tone is not Tone.ERROR and seen.ephemeral
    assert bot.say("/wg overlaps", user="mia").tone is not Tone.ERROR
    assert bot.say("/wg overview", user="admin", channel="anywhere").tone is not Tone.ERROR
    assert bot.say("/wg outcomes", user="admin", channel="anywhere").ephemeral
    outcomes = bot.say("/wg outcomes", user="mia")
    assert outcomes.tone is Tone.ERROR and "Only MAG admins" in outcomes.text
    bot.say("/wg sponsor @lena", channel="c1")  # mia is replaced: no longer a sponsor
    assert bot.say("/wg overview", user="mia", channel="elsewhere").tone is Tone.ERROR


def test_overview_lists_every_group_most_attention_first_with_chart(bot: BotHarness) -> None:
    make_group(bot, "c1", "BPF Cybersecurity")
    bot.say("/wg goal Five cyber-hygiene practices", channel="c1")
    bot.say("/wg deadline in 60 days", channel="c1")
    for q in range(1, 11):
        bot.say(f"/wg charter {q} answer {q}", channel="c1")
    for user, sh in [("g", "gov"), ("i", "igo"), ("p", "private"), ("c", "cs"), ("t", "tech")]:
        bot.say(f"/wg join {sh} africa", user=user, channel="c1")
    bot.say("/wg join academia weog", channel="c1")
    make_group(bot, "c2", "DC Neglected")  # no goal, no deadline, no sponsor
    make_group(bot, "c3", "PN Overdue")
    bot.say("/wg deadline in 2 days", channel="c3")
    bot.clock.advance(timedelta(days=5))

    reply = bot.say("/wg overview", user="admin")
    lines = reply.sections[0].lines
    assert [line.split("] ")[1].split(" · ")[0] for line in lines] == [
        "PN Overdue",
        "DC Neglected",
        "BPF Cybersecurity",
    ]
    cyber = lines[2]
    assert "55 days left" in cyber and "charter 10/10" in cyber
    assert "all stakeholders" in cyber and "sponsor none" in cyber and "last draft —" in cyber
    assert "overdue by 3 days" in lines[0] and "deadline passed 3 days ago" in lines[0]
    assert "no deadline" in lines[1] and "no goal" in lines[1]
    # A chair who has not joined with a stakeholder group is not a member: "nobody joined".
    assert lines[0].startswith("[125]") and lines[1].startswith("[100]")
    assert "nobody joined" in lines[0] and "stakeholder groups missing" not in lines[0]
    assert "1 past their deadline" in reply.text and reply.tone is Tone.WARNING
    png, table = reply.attachments
    assert png.filename == "overview.png" and png.mime_type == "image/png"
    assert png.content.startswith(PNG_SIGNATURE) and len(png.content) > 5000
    assert table.filename == "overview.md" and b"| PN Overdue |" in table.content


def test_overview_lists_groups_per_outside_body(bot: BotHarness) -> None:
    make_group(bot, "c1", "BPF Cybersecurity")
    make_group(bot, "c2", "DC Internet of Things")
    make_group(bot, "c3", "PN AI")
    bot.say("/wg liaison add IETF jari@ietf.org", channel="c1")
    bot.say("/wg liaison add ietf", channel="c2")
    bot.say("/wg liaison add Council of Europe", channel="c3")
    reply = bot.say("/wg overview", user="admin")
    bodies = next(s for s in reply.sections if s.heading.startswith("Outside bodies"))
    assert bodies.lines == (
        "Council of Europe: PN AI",
        "IETF: BPF Cybersecurity, DC Internet of Things",
    )


@contextmanager
def count_statements(bot: BotHarness) -> Iterator[list[str]]:
    statements: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = bot.app.database.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)


def _overview_statements(bot: BotHarness, groups: int) -> tuple[int, int]:
    with bot.app.database.session() as session:
        from storage import Store

        seed_groups(Store(session), groups, bot.clock())
    with count_statements(bot) as statements:
        reply = bot.say("/wg overview", user="admin")
    assert reply.tone is not Tone.ERROR, reply.text
    assert f"{groups} working groups" in reply.text
    return len(statements), len(reply.sections[0].lines)


def test_overview_uses_the_same_number_of_queries_for_10_and_200_groups(
    bot: BotHarness, database_url: str
) -> None:
    small, small_lines = _overview_statements(bot, 10)
    from tests.harness import BotHarness as Harness

    with bot.read() as store:
        assert len(store.groups.all()) == 10
    other = Harness(database_url)
    try:
        with other.app.database.session() as session:
            from storage import Store

            seed_groups(Store(session), 190, other.clock(), start=10)
        with count_statements(other) as statements:
            reply = other.say("/wg overview", user="admin")
        assert "200 working groups" in reply.text
    finally:
        other.app.database.dispose()
    assert small_lines == 10 and len(reply.sections[0].lines) == 41  # 40 + "… and 160 more"
    assert len(statements) == small, (small, statements)
    print(f"overview statements: {small} for 10 groups, {len(statements)} for 200")
    # 12, and 4 for the phase column (groups, cycles, their rows, milestone marks), 2 for the
    # uptake column (outputs, outputs with uptake), 3 for the command's own short transaction
    # (`own_transactions`: the checks' transaction, then the reads' own).
    assert small <= 21


def test_overlaps_rank_similar_groups_with_shared_terms(bot: BotHarness) -> None:
    names = ["BPF Cybersecurity", "DC Internet of Things", "DC Blockchain", "PN Environment"]
    for i, name in enumerate(names):
        goal, answers = GROUPS[name]
        make_group(bot, f"c{i}", name)
        bot.say(f"/wg goal {goal}", channel=f"c{i}")
        for q, answer in enumerate(answers, start=1):
            bot.say(f"/wg charter {q} {answer}", channel=f"c{i}")
    reply = bot.say("/wg overlaps", user="admin")
    assert reply.sections, reply.text
    (line,) = reply.sections[0].lines
    assert "BPF Cybersecurity ↔ DC Internet of Things" in line
    assert "botnet" in line and "malware" in line
    assert reply.text.startswith("1 pair of groups")


def test_no_overlaps_is_said_plainly(bot: BotHarness) -> None:
    make_group(bot, "c1", "DC Blockchain")
    assert "No topic overlaps: there is only one working group so far." in bot.text(
        "/wg overlaps", user="admin"
    )


def test_weekly_digest_reports_each_overlap_once(bot: BotHarness) -> None:
    def add(i: int, name: str) -> None:
        goal, answers = GROUPS[name]
        make_group(bot, f"c{i}", name)
        bot.say(f"/wg goal {goal} {' '.join(answers)}", channel=f"c{i}")

    add(0, "PN Environment")
    add(1, "DC Digital Sustainability")
    add(2, "DC Blockchain")
    with bot.app.database.session() as session:
        from storage import Store

        first = new_overlaps_digest(Store(session), bot.clock())
    assert first is not None
    assert first.sections[0].lines[0].startswith("PN Environment ↔ DC Digital Sustainability")
    assert "1 new pair" in first.text
    with bot.app.database.session() as session:
        assert new_overlaps_digest(Store(session), bot.clock()) is None
    add(3, "PN Data Governance")
    add(4, "DC Data Protection")
    with bot.app.database.session() as session:
        second = new_overlaps_digest(Store(session), bot.clock())
    assert second is not None
    assert [ln.split(" (")[0] for ln in second.sections[0].lines] == [
        "PN Data Governance ↔ DC Data Protection"
    ]
    with bot.read() as store:
        assert len(store.reported_overlaps.pairs()) == 2


def test_digest_marks_are_rolled_back_when_the_send_fails(bot: BotHarness) -> None:
    for i, name in enumerate(["PN Environment", "DC Digital Sustainability"]):
        goal, answers = GROUPS[name]
        make_group(bot, f"c{i}", name)
        bot.say(f"/wg goal {goal} {' '.join(answers)}", channel=f"c{i}")
    from storage import Store

    try:
        with bot.app.database.session() as session:
            assert new_overlaps_digest(Store(session), bot.clock()) is not None
            raise ConnectionError("the platform is down")
    except ConnectionError:
        pass
    with bot.read() as store:
        assert store.reported_overlaps.pairs() == set()


def test_outcomes_report_goal_deadline_and_missing_drafts(bot: BotHarness) -> None:
    make_group(bot, "c1", "BPF Cybersecurity")
    bot.say("/wg goal Five practices", channel="c1")
    bot.say("/wg deadline in 3 days", channel="c1")
    make_group(bot, "c2", "DC Later")
    bot.say("/wg deadline in 90 days", channel="c2")
    make_group(bot, "c3", "PN Open Ended")
    bot.clock.advance(timedelta(days=10))
    reply = bot.say("/wg outcomes", user="admin")
    assert reply.tone is not Tone.ERROR
    assert "3 working groups: 0 met their deadline with a draft, 1 missed it, 1 still open, 1 " in (
        reply.text
    )
    (report,) = reply.attachments
    text = report.content.decode()
    assert report.filename == "outcomes.md" and report.mime_type == "text/markdown"
    assert "## BPF Cybersecurity (Best Practice Forum)" in text
    assert "**Deadline:** 2027-01-14 — missed" in text
    assert "**Goal (desired outcome):** Five practices" in text
    assert "**Latest draft:** none" in text


def test_a_pipe_in_a_name_does_not_break_the_table(bot: BotHarness) -> None:
    make_group(bot, "c1", "Access | Inclusion")
    reply = bot.say("/wg overview", user="admin")
    table = next(a for a in reply.attachments if a.filename == "overview.md").content.decode()
    row = next(line for line in table.splitlines() if "Inclusion" in line)
    assert "Access \\| Inclusion" in row
    assert row.count("|") - row.count("\\|") == table.splitlines()[2].count("|")


def test_muted_gaps_score_nothing_in_the_overview(bot: BotHarness) -> None:
    make_group(bot, "c1", "BPF Cybersecurity")
    bot.say("/wg join cs grulac", channel="c1")

    def line() -> str:
        reply = bot.say("/wg overview", user="admin")
        return next(s for s in reply.sections if "attention first" in s.heading).lines[0]

    before = line()
    assert "5 stakeholder groups missing" in before
    reason = bot.say("/wg mute coverage academia we invited three universities", channel="c1")
    assert reason.tone is Tone.SUCCESS
    after = line()
    assert "4 stakeholder groups missing" in after

    def score(text: str) -> int:
        return int(text.split("]")[0].strip("[ "))

    assert score(after) == score(before) - 3
