"""What needs attention, from plain facts: the one set of rules the MAG overview (one score
per group), `/wg status` and `/wg home` (advice with the command that fixes it) all read.

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
| no chair | 15 |
| nobody joined (with a stakeholder group) / each missing stakeholder group | 15 / 3 |
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
NO_CHAIR = 15


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
    has_chair: bool

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.today).days


@dataclass(frozen=True)
class Attention:
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Concern:
    """One thing that needs attention, as each audience reads it."""

    points: int  # its weight in the MAG overview's order
    reason: str  # the overview's short words: "no goal"
    # What the group's own people read in `/wg status` and `/wg home`, with the command that
    # fixes it; "" where they see it another way (the coverage warnings, the sponsor field,
    # the days left) and only the MAG overview scores it.
    advice: str = ""


def _deadline(facts: GroupFacts) -> list[Concern]:
    left = facts.days_left
    if left is None:
        return [
            Concern(
                NO_DEADLINE,
                "no deadline",
                "No deadline set: a chair can set one with `\ue000/wg deadline …`.",
            )
        ]
    if left < 0:
        return [
            Concern(
                OVERDUE,
                f"deadline passed {plural(-left, 'day')} ago",
                "The deadline has passed: agree a new one, or record the outcome with "
                "`\ue000/wg export`.",
            )
        ]
    if left <= DUE_VERY_SOON_DAYS:
        return [Concern(DUE_VERY_SOON, f"deadline in {left} days")]
    if left <= DUE_SOON_DAYS:
        return [Concern(DUE_SOON, f"deadline in {left} days")]
    return []


def _sponsor(facts: GroupFacts) -> list[Concern]:
    standing = facts.sponsor
    if standing is SponsorStanding.NONE:
        return [
            Concern(
                NO_SPONSOR,
                "no MAG sponsor",
                "No MAG sponsor: a chair can name one with `\ue000/wg sponsor @user`.",
            )
        ]
    if standing in (SponsorStanding.UNCONFIRMED, SponsorStanding.LAPSED):
        return [Concern(SPONSOR_NOT_COMMITTED, f"sponsor {standing.value}")]
    if standing is SponsorStanding.SNOOZED:
        return [Concern(SPONSOR_SNOOZED, "sponsor snoozed")]
    return []


def _people(facts: GroupFacts) -> list[Concern]:
    """Coverage is scored here and worded by its own rules (bot/domain/coverage.py)."""
    out = []
    if not facts.has_chair:
        out.append(
            Concern(
                NO_CHAIR,
                "no chair",
                "No chair: a MAG admin can name one with `\ue000/wg chair @user`.",
            )
        )
    if facts.members == 0:
        out.append(Concern(NOBODY_JOINED, "nobody joined"))
    elif facts.missing_stakeholders:
        n = len(facts.missing_stakeholders)
        out.append(Concern(n * PER_MISSING_STAKEHOLDER, f"{n} stakeholder groups missing"))
    if facts.only_western:
        out.append(Concern(ONLY_WESTERN, "only WEOG members"))
    return out


def concerns(facts: GroupFacts) -> tuple[Concern, ...]:
    """Every rule of what needs attention, heaviest first: the one list the MAG overview,
    `/wg status` and `/wg home` all read."""
    found = _deadline(facts)
    if not facts.has_goal:
        found.append(
            Concern(
                NO_GOAL,
                "no goal",
                "No goal set: a chair can state the desired outcome with `\ue000/wg goal …`.",
            )
        )
    gaps = max(0, CHARTER_SIZE - facts.charter_done)
    if gaps:
        done = f"{facts.charter_done}/{CHARTER_SIZE}"
        found.append(
            Concern(
                gaps * PER_CHARTER_GAP, f"charter {done}", f"Charter {done}: see `/wg charter`."
            )
        )
    found += _sponsor(facts) + _people(facts)
    left = facts.days_left
    if facts.last_draft is None and left is not None and left <= DUE_SOON_DAYS:
        found.append(
            Concern(
                NO_DRAFT_NEAR_DEADLINE,
                "no draft yet",
                "No draft yet and the deadline is near: a chair can run `/summarize`.",
            )
        )
    found.sort(key=lambda c: -c.points)  # stable: equal weights keep the order above
    return tuple(found)


def attention(facts: GroupFacts) -> Attention:
    found = concerns(facts)
    return Attention(sum(c.points for c in found), tuple(c.reason for c in found))


def advice(facts: GroupFacts) -> tuple[str, ...]:
    """What the group's own people are told needs attention (status, home), in the order
    of the rules' weights."""
    return tuple(c.advice for c in concerns(facts) if c.advice)


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
