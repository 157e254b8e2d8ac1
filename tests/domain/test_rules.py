"""Vocabularies, deadline parsing and the coverage rules, as pure functions."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.coverage import MemberProfile, compute_coverage
from bot.domain.dates import days_left_phrase, parse_deadline
from bot.domain.vocabulary import (
    infer_format,
    region_vocabulary,
    slug,
    stakeholder_vocabulary,
)
from bot.ground.errors import UsageError

SH, RG = stakeholder_vocabulary(), region_vocabulary()
TODAY = date(2027, 1, 11)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("gov", "Government"),
        ("GOVERNMENT", "Government"),
        ("igo", "Intergovernmental organisation"),
        ("cs", "Civil society"),
        ("civil-society", "Civil society"),
        ("Civil  Society", "Civil society"),
        ("tech", "Technical community"),
        ("private", "Private sector"),
        ("academia", "Academia"),
    ],
)
def test_stakeholder_forms(typed: str, name: str) -> None:
    assert SH.resolve(typed) == name


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("africa", "African States"),
        ("apac", "Asia-Pacific States"),
        ("eeg", "Eastern European States"),
        ("GRULAC", "Latin American and Caribbean States (GRULAC)"),
        ("weog", "Western European and Others (WEOG)"),
        ("western-european-and-others", "Western European and Others (WEOG)"),
    ],
)
def test_region_forms(typed: str, name: str) -> None:
    assert RG.resolve(typed) == name


def test_unknown_values_and_configured_lists() -> None:
    assert SH.resolve("martians") is None
    custom = stakeholder_vocabulary(["Youth", "Government"])
    assert custom.resolve("youth") == "Youth"
    assert custom.resolve("cs") is None  # alias of a group not in this list
    assert slug("Latin American and Caribbean States (GRULAC)") == (
        "latin-american-and-caribbean-states"
    )


def test_format_inference() -> None:
    assert infer_format("BPF Cybersecurity") == "Best Practice Forum"
    assert infer_format("Policy Network on Meaningful Access") == "Policy Network"
    assert infer_format("DC on Internet Rights") == "Dynamic Coalition"
    assert infer_format("Youth Coalition") == "Other"


def test_deadlines() -> None:
    assert parse_deadline("2027-03-31", TODAY) == date(2027, 3, 31)
    assert parse_deadline("in 10 days", TODAY) == date(2027, 1, 21)
    assert parse_deadline("In 6 Weeks", TODAY) == date(2027, 2, 22)
    assert parse_deadline("in 1 month", date(2027, 1, 31)) == date(2027, 2, 28)
    assert parse_deadline("in 2 years", TODAY) == date(2029, 1, 11)
    for bad in ("tomorrow", "2027-01-11", "2026-12-31", "in -3 days", "31/03/2027"):
        with pytest.raises(UsageError):
            parse_deadline(bad, TODAY)
    for far in ("9999-12-31", "2032-01-12", "in 99999 days", "in 6 years", "in 9999 weeks"):
        with pytest.raises(UsageError, match="more than 5 years away"):
            parse_deadline(far, TODAY)
    with pytest.raises(UsageError, match="not a day of the calendar"):
        parse_deadline("2027-02-29", TODAY)


def test_days_left_wording() -> None:
    assert days_left_phrase(None, TODAY) == "no deadline set"
    assert days_left_phrase(date(2027, 1, 12), TODAY).startswith("1 day left")
    assert days_left_phrase(TODAY, TODAY).startswith("deadline is today")
    assert days_left_phrase(date(2027, 1, 10), TODAY).startswith("overdue by 1 day ")


def profiles(*pairs: tuple[str | None, str | None]) -> list[MemberProfile]:
    return [MemberProfile(s, r) for s, r in pairs]


def test_coverage_missing_and_dominant() -> None:
    cov = compute_coverage(
        profiles(("Civil society", "African States"), ("Civil society", None), ("Academia", None)),
        SH,
        RG,
    )
    assert cov.dominant_stakeholder == "Civil society"
    assert "Government" in cov.missing_stakeholders and "Academia" not in cov.missing_stakeholders
    assert cov.unstated_region == 2 and not cov.only_western
    assert any("holds 2 of 3 members" in w for w in cov.warnings)


def test_coverage_exactly_half_does_not_dominate_and_one_member_says_nothing() -> None:
    half = compute_coverage(profiles(("Government", None), ("Academia", None)), SH, RG)
    assert half.dominant_stakeholder is None
    single = compute_coverage(profiles(("Government", None)), SH, RG)
    assert single.dominant_stakeholder is None


def test_coverage_only_western() -> None:
    west = "Western European and Others (WEOG)"
    cov = compute_coverage(
        profiles(("Government", west), ("Academia", west), ("Academia", None)), SH, RG
    )
    assert cov.only_western
    assert any("outside WEOG" in w for w in cov.warnings)
    mixed = compute_coverage(profiles(("Government", west), ("Academia", "African States")), SH, RG)
    assert not mixed.only_western


def test_coverage_voices() -> None:
    members = profiles(("Government", None), ("Academia", None), ("Civil society", None))
    cov = compute_coverage(members, SH, RG, voices={"Academia": 9, "Civil society": 1})
    assert cov.silent_stakeholders == ("Government",)
    assert cov.dominant_voice == "Academia"
    assert compute_coverage(members, SH, RG).voices is None


def test_empty_group() -> None:
    expected = ("Nobody has joined with a stakeholder group yet: `/wg join GROUP [REGION]`.",)
    cov = compute_coverage([], SH, RG, voices={})
    assert cov.members == 0 and cov.warnings == expected
    only_chair = compute_coverage(profiles((None, None)), SH, RG, voices={})
    assert only_chair.warnings == expected and only_chair.missing_stakeholders
