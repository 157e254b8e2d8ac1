"""The overview's pure rules: attention score, overlaps, outcomes, org keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.command_ref import unmarked
from bot.domain.sponsorship import SponsorStanding
from bot.ground.errors import UsageError
from bot.ground.keys import org_key
from bot.overview import attention as att
from bot.overview.attention import GroupFacts, advice, attention, concerns
from bot.overview.drafts import LatestDraft
from bot.overview.outcomes import (
    DeadlineOutcome,
    GroupOutcome,
    deadline_outcome,
    outcomes_markdown,
)
from bot.overview.overlap import find_overlaps, precision_recall, terms
from commands.liaisons import split_org_contact
from tests.fixtures.overlap_groups import GROUPS, TRUE_PAIRS, document

TODAY = date(2027, 1, 11)
NOW = datetime(2027, 1, 11, 9, tzinfo=UTC)

HEALTHY = GroupFacts(
    name="Healthy",
    has_goal=True,
    deadline=TODAY + timedelta(days=90),
    today=TODAY,
    charter_done=10,
    members=12,
    missing_stakeholders=(),
    only_western=False,
    sponsor=SponsorStanding.COMMITTED,
    last_draft=None,
    has_chair=True,
)


def test_a_healthy_group_needs_no_attention() -> None:
    assert attention(HEALTHY) == att.Attention(0, ())


@pytest.mark.parametrize(
    ("change", "points", "reason"),
    [
        (
            {"deadline": TODAY - timedelta(days=3)},
            att.OVERDUE + att.NO_DRAFT_NEAR_DEADLINE,
            "3 days ago",
        ),
        ({"deadline": None}, att.NO_DEADLINE, "no deadline"),
        ({"deadline": TODAY + timedelta(days=14)}, att.DUE_VERY_SOON + 10, "in 14 days"),
        ({"deadline": TODAY + timedelta(days=30)}, att.DUE_SOON + 10, "in 30 days"),
        ({"has_goal": False}, att.NO_GOAL, "no goal"),
        ({"charter_done": 7}, 3 * att.PER_CHARTER_GAP, "charter 7/10"),
        ({"sponsor": SponsorStanding.NONE}, att.NO_SPONSOR, "no MAG sponsor"),
        ({"sponsor": SponsorStanding.LAPSED}, att.SPONSOR_NOT_COMMITTED, "sponsor lapsed"),
        ({"sponsor": SponsorStanding.SNOOZED}, att.SPONSOR_SNOOZED, "sponsor snoozed"),
        ({"members": 0}, att.NOBODY_JOINED, "nobody joined"),
        (
            {"missing_stakeholders": ("Government", "Academia")},
            2 * att.PER_MISSING_STAKEHOLDER,
            "2 stakeholder groups missing",
        ),
        ({"only_western": True}, att.ONLY_WESTERN, "only WEOG"),
        ({"has_chair": False}, att.NO_CHAIR, "no chair"),
    ],
)
def test_each_fact_adds_its_points_and_says_why(
    change: dict[str, object], points: int, reason: str
) -> None:
    result = attention(replace(HEALTHY, **change))  # type: ignore[arg-type]
    assert result.score == points
    assert any(reason in r for r in result.reasons), result.reasons


def test_the_group_is_advised_on_what_it_can_act_on_in_the_order_of_the_weights() -> None:
    """Status and home show `advice`; coverage, the sponsor's answer and the days left are
    scored here but worded elsewhere (coverage warnings, the sponsor field, the header)."""
    assert advice(HEALTHY) == ()
    messy = replace(
        HEALTHY,
        deadline=TODAY - timedelta(days=1),
        has_goal=False,
        charter_done=8,
        sponsor=SponsorStanding.NONE,
        has_chair=False,
        members=0,
        only_western=True,
    )
    assert [c.reason for c in concerns(messy) if not c.advice] == [
        "nobody joined",
        "only WEOG members",
    ]
    assert tuple(map(unmarked, advice(messy))) == (
        "The deadline has passed: agree a new one, or record the outcome with `/wg export`.",
        "No goal set: a chair can state the desired outcome with `/wg goal …`.",
        "No MAG sponsor: a chair can name one with `/wg sponsor @user`.",
        "No chair: a MAG admin can name one with `/wg chair @user`.",
        "No draft yet and the deadline is near: a chair can run `/summarize`.",
        "Charter 8/10: see `/wg charter`.",
    )
    assert attention(messy).reasons == tuple(c.reason for c in concerns(messy))
    late = replace(HEALTHY, deadline=TODAY + timedelta(days=10), last_draft=TODAY)
    assert advice(late) == () and attention(late).score == att.DUE_VERY_SOON


def test_a_recent_draft_removes_the_no_draft_points() -> None:
    near = replace(HEALTHY, deadline=TODAY + timedelta(days=5))
    assert attention(near).score == att.DUE_VERY_SOON + att.NO_DRAFT_NEAR_DEADLINE
    assert attention(replace(near, last_draft=TODAY)).score == att.DUE_VERY_SOON


def test_reasons_come_heaviest_first_and_sort_key_breaks_ties_by_deadline() -> None:
    facts = replace(HEALTHY, has_goal=False, charter_done=9, sponsor=SponsorStanding.NONE)
    assert attention(facts).reasons == ("no goal", "no MAG sponsor", "charter 9/10")
    soon = replace(HEALTHY, name="b", deadline=TODAY + timedelta(days=40))
    later = replace(HEALTHY, name="a", deadline=TODAY + timedelta(days=80))
    keys = sorted(
        [(later, attention(later)), (soon, attention(soon))], key=lambda p: att.sort_key(*p)
    )
    assert [f.name for f, _ in keys] == ["b", "a"]


def test_overlaps_on_the_twenty_group_fixture_have_high_precision_and_recall() -> None:
    names = sorted(GROUPS)
    docs = {i: document(name) for i, name in enumerate(names)}
    found = {frozenset((names[o.a], names[o.b])) for o in find_overlaps(docs)}
    precision, recall = precision_recall(found, set(TRUE_PAIRS))
    print(f"overlap fixture: precision {precision:.2f}, recall {recall:.2f}, {len(found)} found")
    assert precision >= 0.9 and recall >= 0.9, (precision, recall, found ^ set(TRUE_PAIRS))


def test_overlaps_are_ranked_deterministic_and_name_the_shared_terms() -> None:
    docs = {
        3: "Age verification protects children; child safety by design.",
        1: "Children need age verification and safety codes on platforms.",
        2: "Carbon emissions of data centres and e-waste recycling.",
        4: "Data centres report carbon and energy use; e-waste take-back.",
    }
    first = find_overlaps(docs)
    assert first == find_overlaps(dict(reversed(list(docs.items()))))
    assert [(o.a, o.b) for o in first] == sorted(
        [(o.a, o.b) for o in first], key=lambda p: -next(o.score for o in first if (o.a, o.b) == p)
    )
    pairs = {(o.a, o.b): o for o in first}
    assert set(pairs) == {(1, 3), (2, 4)}
    assert {"age", "verification", "children"} <= set(pairs[(1, 3)].shared)
    assert {"carbon", "e-waste"} <= set(pairs[(2, 4)].shared)


def test_one_shared_word_or_only_boilerplate_is_no_overlap() -> None:
    docs = {
        1: "The internet governance stakeholders and a report with local recommendations.",
        2: "The internet governance stakeholders and a report: local exchange points.",
    }
    assert find_overlaps(docs) == []
    assert terms("The Policies of Networks' governance") == []
    assert terms("Botnets and ISPs") == ["botnet", "isp"]


def test_precision_recall_counts() -> None:
    a, b, c = frozenset({1, 2}), frozenset({3, 4}), frozenset({5, 6})
    assert precision_recall({a, b}, {a, c}) == (0.5, 0.5)
    assert precision_recall(set(), {a}) == (1.0, 0.0)


def test_deadline_outcome() -> None:
    deadline = date(2027, 3, 1)
    assert deadline_outcome(None, TODAY, None) is DeadlineOutcome.NO_DEADLINE
    assert deadline_outcome(deadline, date(2027, 2, 1), None) is DeadlineOutcome.OPEN
    assert deadline_outcome(deadline, date(2027, 3, 2), None) is DeadlineOutcome.MISSED
    assert deadline_outcome(deadline, date(2027, 3, 2), date(2027, 3, 1)) is DeadlineOutcome.MET
    late = deadline_outcome(deadline, date(2027, 4, 1), date(2027, 3, 15))
    assert late is DeadlineOutcome.MISSED


def test_outcomes_markdown_puts_goal_beside_latest_draft() -> None:
    draft = LatestDraft(1, datetime(2027, 2, 20, tzinfo=UTC), "Practice 1\n\nPractice 2", 3)
    items = [
        GroupOutcome(
            "BPF A",
            "Best Practice Forum",
            "Five practices",
            date(2027, 3, 1),
            draft,
            DeadlineOutcome.MET,
        ),
        GroupOutcome("DC B", "Dynamic Coalition", None, None, None, DeadlineOutcome.NO_DEADLINE),
    ]
    report = outcomes_markdown(items, TODAY)
    assert "| met | 1 |" in report and "| no deadline | 1 |" in report
    assert "## BPF A (Best Practice Forum)" in report
    assert "**Goal (desired outcome):** Five practices" in report
    assert "**Latest draft v3:** 2027-02-20" in report and "> Practice 1\n>\n> Practice 2" in report
    assert "**Goal (desired outcome):** *not set*" in report and "**Latest draft:** none" in report


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("IETF", "ietf"),
        (" ietf ", "ietf"),
        ("I.E.T.F.", "ietf"),
        ("Council  of   Europe", "council of europe"),
        ("Council-of-Europe", "council of europe"),
        ("ＧＦＣＥ", "gfce"),
        ("IGF-USA", "igf usa"),
    ],
)
def test_org_key_folds_case_spaces_and_punctuation(typed: str, key: str) -> None:
    assert org_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("IETF", ("IETF", None)),
        ("Council of Europe", ("Council of Europe", None)),
        ("IETF jari@ietf.org", ("IETF", "jari@ietf.org")),
        ("ICANN https://icann.org/gac", ("ICANN", "https://icann.org/gac")),
        ("GFCE <@U123|mia>", ("GFCE", "<@U123|mia>")),
        ('"Council of Europe" Jane Doe', ("Council of Europe", "Jane Doe")),
    ],
)
def test_split_org_contact(typed: str, expected: tuple[str, str | None]) -> None:
    assert split_org_contact(typed) == expected


def test_split_org_contact_refuses_an_open_quote() -> None:
    with pytest.raises(UsageError, match="quote that is not closed"):
        split_org_contact('"Council of Europe Jane')


def test_overdue_groups_come_first_whatever_their_points() -> None:
    late = replace(HEALTHY, name="Late", deadline=TODAY - timedelta(days=3))
    messy = replace(
        HEALTHY,
        name="Messy",
        has_goal=False,
        deadline=None,
        charter_done=0,
        sponsor=SponsorStanding.NONE,
        missing_stakeholders=("Government", "Academia"),
    )
    rows = [(f, attention(f)) for f in (messy, late)]
    assert rows[0][1].score > rows[1][1].score  # the messy one has more points…
    ordered = sorted(rows, key=lambda r: att.sort_key(*r))
    assert [f.name for f, _ in ordered] == ["Late", "Messy"]  # …the overdue one comes first
