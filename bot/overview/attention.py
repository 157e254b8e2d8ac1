"""What needs the MAG's attention first: one score per group, from plain facts.

The score is a sum of penalty points, each with the reason shown to people, so the order of
the overview can be explained line by line. Bigger is more urgent. Weights (see
docs/overview.md):

| fact | points |
| --- | --- |
| deadline passed | 40 |
| no deadline | 25 |
| deadline in 14 days or fewer / in 30 days or fewer | 20 / 10 |
| no goal | 20 |
| each unanswered charter question | 2 (up to 20) |
| no MAG sponsor / sponsor unconfirmed or commitment lapsed / snoozed | 20 / 10 / 5 |
| nobody joined / each missing stakeholder group | 15 / 3 |
| no member outside WEOG | 5 |
| no draft while the deadline is 30 days away or less (or passed) | 10 |

Overdue groups come first whatever their points; ties are broken by fewer days left (no
deadline last), then by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.charter import CHARTER_SIZE
from bot.domain.sponsorship import SponsorStanding
from bot.domain.wording import plural

OVERDUE = 40
NO_DEADLINE = 25
DUE_VERY_SOON, DUE_VERY_SOON_DAYS = 20, 14
DUE_SOON, DUE_SOON_DAYS = 10, 30
NO_GOAL = 20
PER_CHARTER_GAP = 2
NO_SPONSOR, SPONSOR_NOT_COMMITTED, SPONSOR_SNOOZED = 20, 10, 5
NOBODY_JOINED, PER_MISSING_STAKEHOLDER = 15, 3
ONLY_WESTERN = 5
NO_DRAFT_NEAR_DEADLINE = 10


@dataclass(frozen=True)
class GroupFacts:
    name: str
    has_goal: bool
    deadline: date | None
    today: date  # in the group's timezone
    charter_done: int
    members: int
    missing_stakeholders: tuple[str, ...]
    only_western: bool
    sponsor: SponsorStanding
    last_draft: date | None

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.today).days


@dataclass(frozen=True)
class Attention:
    score: int
    reasons: tuple[str, ...]


def attention(facts: GroupFacts) -> Attention:
    points: list[tuple[int, str]] = []
    left = facts.days_left
    if left is None:
        points.append((NO_DEADLINE, "no deadline"))
    elif left < 0:
        points.append((OVERDUE, f"deadline passed {plural(-left, 'day')} ago"))
    elif left <= DUE_VERY_SOON_DAYS:
        points.append((DUE_VERY_SOON, f"deadline in {left} days"))
    elif left <= DUE_SOON_DAYS:
        points.append((DUE_SOON, f"deadline in {left} days"))
    if not facts.has_goal:
        points.append((NO_GOAL, "no goal"))
    gaps = max(0, CHARTER_SIZE - facts.charter_done)
    if gaps:
        points.append((gaps * PER_CHARTER_GAP, f"charter {facts.charter_done}/{CHARTER_SIZE}"))
    if facts.sponsor is SponsorStanding.NONE:
        points.append((NO_SPONSOR, "no MAG sponsor"))
    elif facts.sponsor in (SponsorStanding.UNCONFIRMED, SponsorStanding.LAPSED):
        points.append((SPONSOR_NOT_COMMITTED, f"sponsor {facts.sponsor.value}"))
    elif facts.sponsor is SponsorStanding.SNOOZED:
        points.append((SPONSOR_SNOOZED, "sponsor snoozed"))
    if facts.members == 0:
        points.append((NOBODY_JOINED, "nobody joined"))
    elif facts.missing_stakeholders:
        n = len(facts.missing_stakeholders)
        points.append((n * PER_MISSING_STAKEHOLDER, f"{n} stakeholder groups missing"))
    if facts.only_western:
        points.append((ONLY_WESTERN, "only WEOG members"))
    if facts.last_draft is None and left is not None and left <= DUE_SOON_DAYS:
        points.append((NO_DRAFT_NEAR_DEADLINE, "no draft yet"))
    points.sort(key=lambda p: -p[0])
    return Attention(sum(p for p, _ in points), tuple(r for _, r in points))


def sort_key(facts: GroupFacts, result: Attention) -> tuple[bool, int, int, str]:
    """Overdue groups first, whatever their points (a missed deadline is the one thing the
    MAG must act on now); then most points; then the nearest deadline (none last); then the
    name."""
    left = facts.days_left
    overdue = left is not None and left < 0
    return (
        not overdue,
        -result.score,
        left if left is not None else 10**9,
        facts.name.casefold(),
    )
