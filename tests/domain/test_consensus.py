"""The verdict rules at their boundaries (bot/domain/consensus.py, docs/consensus.md)."""

from __future__ import annotations

import itertools

import pytest

from bot.domain.consensus import (
    Ballot,
    Choice,
    Tally,
    Thresholds,
    Verdict,
    consensus_map,
    verdict_phrase,
)

A, D, P = Choice.AGREE, Choice.DISAGREE, Choice.PASS
GROUPS = ("Government", "Private sector", "Civil society", "Technical community", "Academia")
REGIONS = ("African States", "Asia-Pacific States")


def ballots(**votes: str) -> list[Ballot]:
    """`civil="aad"` → two agree and one disagree from Civil society."""
    names = {"gov": GROUPS[0], "private": GROUPS[1], "civil": GROUPS[2], "tech": GROUPS[3]}
    names["academia"] = GROUPS[4]
    letter = {"a": A, "d": D, "p": P}
    return [
        Ballot(names[key], REGIONS[i % 2], letter[c])
        for key, choices in votes.items()
        for i, c in enumerate(choices)
    ]


DEFAULTS = Thresholds()


def verdict(thresholds: Thresholds = DEFAULTS, **votes: str) -> Verdict:
    return consensus_map(ballots(**votes), thresholds, GROUPS, REGIONS).verdict


@pytest.mark.parametrize(
    ("agree", "disagree", "passed", "lean"),
    [
        (3, 2, 0, A),  # 60 % exactly: a majority at the default
        (2, 2, 0, None),  # 50 %: no majority
        (2, 1, 0, A),  # 66.7 %
        (5, 4, 0, None),  # 55.6 %
        (3, 0, 2, A),  # passes count in the share: 3 of 5
        (2, 0, 2, None),  # 2 of 4 with two passes: no majority
        (0, 3, 2, D),
        (0, 0, 3, None),  # everyone passes: leans nowhere
        (1, 0, 0, A),
        (0, 1, 0, D),
        (0, 0, 0, None),
    ],
)
def test_a_group_leans_with_a_clear_majority_of_its_votes(
    agree: int, disagree: int, passed: int, lean: Choice | None
) -> None:
    assert Tally(agree, disagree, passed).leans(Thresholds()) is lean


def test_majority_threshold_is_inclusive_at_every_setting() -> None:
    for percent in range(51, 101):
        thresholds = Thresholds(majority_percent=percent)
        for total in range(1, 21):
            for agree in range(total + 1):
                lean = Tally(agree, total - agree, 0).leans(thresholds)
                if agree * 100 >= percent * total:
                    assert lean is A, (percent, agree, total)
                elif (total - agree) * 100 >= percent * total:
                    assert lean is D, (percent, agree, total)
                else:
                    assert lean is None, (percent, agree, total)


def test_converging_needs_every_group_and_three_groups() -> None:
    assert verdict(gov="a", civil="a", tech="a") is Verdict.CONVERGING
    assert verdict(gov="a", civil="a") is Verdict.NOT_ENOUGH  # two groups only
    assert verdict(gov="aad", civil="a", tech="a") is Verdict.CONVERGING  # 2 of 3 in gov
    assert verdict(gov="ad", civil="a", tech="a") is Verdict.UNCLEAR  # gov split 50/50


def test_one_group_cannot_outvote_another() -> None:
    """Twenty civil-society members agreeing and one government member disagreeing is a
    split between groups, not a 20:1 win."""
    assert verdict(civil="a" * 20, gov="d", tech="a") is Verdict.DIVERGING
    result = consensus_map(ballots(civil="a" * 20, gov="d", tech="a"), Thresholds(), GROUPS)
    assert result.agreeing == ("Civil society", "Technical community")
    assert result.disagreeing == ("Government",)


def test_diverging_wins_over_not_enough_voices() -> None:
    assert verdict(gov="d", civil="a") is Verdict.DIVERGING


def test_one_or_no_group_is_not_enough() -> None:
    assert verdict() is Verdict.NOT_ENOUGH
    assert verdict(civil="aaaaa") is Verdict.NOT_ENOUGH


def test_all_disagree_is_converging_against() -> None:
    assert verdict(gov="d", civil="dd", tech="ddp") is Verdict.AGAINST
    assert verdict(gov="d", civil="dd", tech="dp") is Verdict.UNCLEAR  # tech 50 %


def test_passing_groups_count_as_heard_but_block_convergence() -> None:
    assert verdict(gov="p", civil="a", tech="a") is Verdict.UNCLEAR
    assert verdict(gov="pp", civil="a", tech="a", private="a") is Verdict.UNCLEAR


def test_min_groups_setting_is_inclusive() -> None:
    for needed in range(1, 6):
        thresholds = Thresholds(min_groups=needed)
        for heard in range(0, 6):
            votes = dict(
                itertools.islice(
                    {
                        "gov": "a",
                        "civil": "a",
                        "tech": "a",
                        "private": "a",
                        "academia": "a",
                    }.items(),
                    heard,
                )
            )
            got = verdict(thresholds, **votes)
            assert got is (Verdict.CONVERGING if heard >= needed else Verdict.NOT_ENOUGH)


def test_not_heard_lists_groups_and_regions_in_vocabulary_order() -> None:
    result = consensus_map(ballots(civil="a"), Thresholds(), GROUPS, (*REGIONS, "WEOG"))
    assert result.groups_not_heard == (
        "Government",
        "Private sector",
        "Technical community",
        "Academia",
    )
    assert result.regions_not_heard == ("Asia-Pacific States", "WEOG")
    assert list(result.by_region) == ["African States"]


def test_tallies_add_up_per_group_region_and_total() -> None:
    result = consensus_map(ballots(gov="adp", civil="aa"), Thresholds(), GROUPS, REGIONS)
    assert result.by_group["Government"] == Tally(1, 1, 1)
    assert result.by_group["Civil society"] == Tally(2, 0, 0)
    assert result.total == Tally(3, 1, 1)
    assert sum(t.total for t in result.by_region.values()) == 5
    assert list(result.by_group) == ["Government", "Civil society"]  # vocabulary order


def test_thresholds_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        Thresholds(majority_percent=50)
    with pytest.raises(ValueError):
        Thresholds(majority_percent=101)
    with pytest.raises(ValueError):
        Thresholds(min_groups=0)


def test_verdict_phrase_names_both_sides() -> None:
    result = consensus_map(ballots(civil="a", tech="a", gov="d"), Thresholds(), GROUPS)
    phrase = verdict_phrase(result, Thresholds())
    assert phrase == (
        "diverging: Civil society, Technical community mostly agree; Government mostly disagree"
    )
    assert verdict_phrase(consensus_map([], Thresholds()), Thresholds()).startswith(
        "not enough voices: 0 of the 3"
    )


def test_choice_words() -> None:
    assert Choice.parse(" Agree ") is A
    assert Choice.parse("no") is D
    assert Choice.parse("abstain") is P
    assert Choice.parse("maybe") is None
