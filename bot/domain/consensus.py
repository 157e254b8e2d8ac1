"""Rough consensus across stakeholder groups: the verdict on a statement is computed per
stakeholder group, never per head, so twenty members of one group cannot outvote a
stakeholder group that disagrees. Pure rules (no storage), tested at every boundary.

A group *leans* one way when at least `majority_percent` of its votes (agree, disagree and
pass together) are that way. Then, in this order:

1. diverging  — at least one group leans agree while another leans disagree (both named);
   a split is reported even when fewer than `min_groups` groups voted, because it is real;
2. not enough voices — fewer than `min_groups` stakeholder groups voted;
3. converging — every group that voted leans agree;
4. converging against — every group that voted leans disagree;
5. no clear majority — enough groups voted, none opposes another, but not all lean one way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Choice(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    PASS = "pass"

    @classmethod
    def parse(cls, raw: str) -> Choice | None:
        word = raw.strip().lower()
        aliases = {"yes": cls.AGREE, "no": cls.DISAGREE, "abstain": cls.PASS}
        if word in aliases:
            return aliases[word]
        return next((c for c in cls if c.value == word), None)


class Verdict(StrEnum):
    CONVERGING = "converging"
    DIVERGING = "diverging"
    NOT_ENOUGH = "not enough voices"
    AGAINST = "converging against"
    UNCLEAR = "no clear majority"


# How the overview and the draft group the verdicts: what converges, what diverges, what
# still waits for voices or for a majority.
VERDICT_BUCKET = {
    Verdict.CONVERGING: "converge",
    Verdict.AGAINST: "converge",
    Verdict.DIVERGING: "diverge",
    Verdict.NOT_ENOUGH: "wait",
    Verdict.UNCLEAR: "wait",
}


@dataclass(frozen=True)
class Thresholds:
    majority_percent: int = 60  # a group leans a way with at least this share of its votes
    min_groups: int = 3  # stakeholder groups that must have voted for a verdict

    def __post_init__(self) -> None:
        if not 51 <= self.majority_percent <= 100:
            raise ValueError("the majority must be between 51 and 100 percent")
        if self.min_groups < 1:
            raise ValueError("at least one stakeholder group must vote")


@dataclass(frozen=True)
class Ballot:
    """One person's current vote (their last one) with the profile they voted with."""

    stakeholder_group: str
    region: str | None
    choice: Choice


@dataclass
class Tally:
    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.passed

    def add(self, choice: Choice) -> None:
        if choice is Choice.AGREE:
            self.agree += 1
        elif choice is Choice.DISAGREE:
            self.disagree += 1
        else:
            self.passed += 1

    def leans(self, thresholds: Thresholds) -> Choice | None:
        """AGREE or DISAGREE when that share reaches the majority; None otherwise. Integer
        arithmetic, so 3 of 5 at 60 % is exactly a majority."""
        if self.total == 0:
            return None
        needed = thresholds.majority_percent * self.total
        if self.agree * 100 >= needed:
            return Choice.AGREE
        if self.disagree * 100 >= needed:
            return Choice.DISAGREE
        return None


@dataclass(frozen=True)
class ConsensusMap:
    verdict: Verdict
    by_group: dict[str, Tally]
    by_region: dict[str, Tally]
    agreeing: tuple[str, ...] = ()  # stakeholder groups leaning agree
    disagreeing: tuple[str, ...] = ()  # stakeholder groups leaning disagree
    groups_not_heard: tuple[str, ...] = ()
    regions_not_heard: tuple[str, ...] = ()
    total: Tally = field(default_factory=Tally)

    @property
    def groups_heard(self) -> int:
        return len(self.by_group)


def _ordered(counts: dict[str, Tally], known: Sequence[str]) -> dict[str, Tally]:
    """Known names in vocabulary order, then any others (a renamed setting) alphabetically."""
    rank = {name: i for i, name in enumerate(known)}
    return dict(sorted(counts.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def consensus_map(
    ballots: Iterable[Ballot],
    thresholds: Thresholds,
    stakeholder_groups: Sequence[str] = (),
    regions: Sequence[str] = (),
) -> ConsensusMap:
    by_group: dict[str, Tally] = {}
    by_region: dict[str, Tally] = {}
    total = Tally()
    for ballot in ballots:
        by_group.setdefault(ballot.stakeholder_group, Tally()).add(ballot.choice)
        if ballot.region:
            by_region.setdefault(ballot.region, Tally()).add(ballot.choice)
        total.add(ballot.choice)
    by_group = _ordered(by_group, stakeholder_groups)
    by_region = _ordered(by_region, regions)
    leaning = {name: tally.leans(thresholds) for name, tally in by_group.items()}
    agreeing = tuple(n for n, lean in leaning.items() if lean is Choice.AGREE)
    disagreeing = tuple(n for n, lean in leaning.items() if lean is Choice.DISAGREE)
    if agreeing and disagreeing:
        verdict = Verdict.DIVERGING
    elif len(by_group) < thresholds.min_groups:
        verdict = Verdict.NOT_ENOUGH
    elif len(agreeing) == len(by_group):
        verdict = Verdict.CONVERGING
    elif len(disagreeing) == len(by_group):
        verdict = Verdict.AGAINST
    else:
        verdict = Verdict.UNCLEAR
    return ConsensusMap(
        verdict=verdict,
        by_group=by_group,
        by_region=by_region,
        agreeing=agreeing,
        disagreeing=disagreeing,
        groups_not_heard=tuple(g for g in stakeholder_groups if g not in by_group),
        regions_not_heard=tuple(r for r in regions if r not in by_region),
        total=total,
    )


def underrepresented(
    stakeholder_counts: Sequence[tuple[str, int]], silent: Iterable[str] = ()
) -> set[str]:
    """Stakeholder groups with fewer members than the average group present, or with members
    but no voice heard recently: when such a group is the one disagreeing, a diverging
    statement is a coverage problem too (its objection may be under-weighted in the room)."""
    present = [n for _, n in stakeholder_counts if n > 0]
    quiet = set(silent)
    if not present:
        return quiet
    total, groups = sum(present), len(present)
    # n < total / groups, in integers: fewer members than the average present group.
    return {name for name, n in stakeholder_counts if n * groups < total or name in quiet}


def verdict_phrase(result: ConsensusMap, thresholds: Thresholds) -> str:
    """One line saying the verdict and why."""
    if result.verdict is Verdict.DIVERGING:
        return (
            f"diverging: {', '.join(result.agreeing)} mostly agree; "
            f"{', '.join(result.disagreeing)} mostly disagree"
        )
    if result.verdict is Verdict.NOT_ENOUGH:
        return (
            f"not enough voices: {result.groups_heard} of the {thresholds.min_groups} "
            "stakeholder groups needed have voted"
        )
    if result.verdict is Verdict.CONVERGING:
        return f"converging: all {result.groups_heard} stakeholder groups that voted mostly agree"
    if result.verdict is Verdict.AGAINST:
        return (
            f"converging against: all {result.groups_heard} stakeholder groups that voted "
            "mostly disagree"
        )
    return (
        "no clear majority: not every stakeholder group that voted reaches "
        f"{thresholds.majority_percent} % either way"
    )
