"""How a statement's consensus is read and worded, shared by `/wg consensus`, the outcome
document, the draft and the MAG overview, so they all say the same thing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.settings import CoreSettings
from bot.domain.consensus import (
    Ballot,
    Choice,
    ConsensusMap,
    Tally,
    Verdict,
    consensus_map,
    underrepresented,
    verdict_phrase,
)
from bot.domain.coverage import Coverage
from storage.consensus.models import Statement, StatementStatus, Vote
from storage.store import Store

MAX_QUOTE = 300
STATEMENTS_HEADING = "Statements put to the group"


def ballots(votes: Sequence[Vote]) -> list[Ballot]:
    return [
        Ballot(v.stakeholder_group, v.region, Choice(v.choice))
        for v in votes
        if v.choice in {c.value for c in Choice}
    ]


def map_of(settings: CoreSettings, votes: Sequence[Vote]) -> ConsensusMap:
    return consensus_map(
        ballots(votes),
        settings.consensus_thresholds,
        settings.stakeholders.names,
        settings.regions.names,
    )


def is_frozen(statement: Statement, today: date) -> bool:
    """No more votes: closed by a chair, withdrawn, or past its closing date."""
    if statement.status != StatementStatus.OPEN.value:
        return True
    return statement.closes_on is not None and today > statement.closes_on


def state_phrase(statement: Statement, today: date) -> str:
    if statement.status == StatementStatus.WITHDRAWN.value:
        return "withdrawn"
    if statement.status == StatementStatus.CLOSED.value:
        return "closed, results frozen"
    if statement.closes_on is not None:
        if today > statement.closes_on:
            return f"voting ended {statement.closes_on.isoformat()}, results frozen"
        return f"open, votes until {statement.closes_on.isoformat()}"
    return "open"


def tally_phrase(tally: Tally) -> str:
    return f"{tally.agree} agree · {tally.disagree} disagree · {tally.passed} pass"


def quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_QUOTE else flat[: MAX_QUOTE - 1] + "…"


MIN_CROWD = 2  # voters of a stakeholder group before an unsigned reason is quoted by it


def dissent(votes: Sequence[Vote]) -> list[str]:
    """The reasons given with a disagree vote, quoted with the voter's stakeholder group;
    the name only when the voter signed the reason (`named`). An unsigned reason of a group
    with a single voter on the statement is quoted as "A member's": the group would name them
    (who is in which group is shown to every member)."""
    crowd = Counter(v.stakeholder_group for v in votes)
    out = []
    for vote in votes:
        if vote.choice != Choice.DISAGREE.value or not vote.reason:
            continue
        who = vote.stakeholder_group
        if vote.named and vote.voter_name:
            who += f" ({vote.voter_name})"
        elif crowd[vote.stakeholder_group] < MIN_CROWD:
            who = "A member"
        out.append(f"{who}: “{quote(vote.reason)}”")
    return out


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    votes: list[Vote]
    result: ConsensusMap
    verdict_line: str


def results(store: Store, settings: CoreSettings, group_id: int) -> list[StatementResult]:
    """Every statement of a group that was not withdrawn, with its map (two queries)."""
    statements = store.statements.of_group(group_id)
    votes = store.votes.of_statements([s.id for s in statements if s.id is not None])
    out = []
    for statement in statements:
        assert statement.id is not None
        mine = votes.get(statement.id, [])
        result = map_of(settings, mine)
        out.append(
            StatementResult(
                statement, mine, result, verdict_phrase(result, settings.consensus_thresholds)
            )
        )
    return out


def markdown_section(items: Sequence[StatementResult], today: date) -> list[str]:
    """The statements as the outcome document and the draft carry them."""
    out: list[str] = []
    for item in items:
        s = item.statement
        out += [
            f"{s.number}. {quote(s.text)}",
            f"   - Verdict: **{item.verdict_line}** ({state_phrase(s, today)}; "
            f"{tally_phrase(item.result.total)})",
        ]
        for name, tally in item.result.by_group.items():
            out.append(f"   - {name}: {tally_phrase(tally)}")
        if item.result.groups_not_heard:
            out.append(f"   - Not heard: {', '.join(item.result.groups_not_heard)}")
        out += [f"   - Dissent, {line}" for line in dissent(item.votes)]
    return out


def plain_lines(items: Sequence[StatementResult], today: date) -> tuple[str, ...]:
    """The statements as a draft's reply shows them: one line each, then the dissent."""
    out: list[str] = []
    for item in items:
        s = item.statement
        out.append(f"#{s.number} {quote(s.text)} — {item.verdict_line} ({state_phrase(s, today)})")
        out += [f"  dissent, {line}" for line in dissent(item.votes)]
    return tuple(out)


def diverging_warnings(
    store: Store, settings: CoreSettings, group_id: int, coverage: Coverage
) -> tuple[str, ...]:
    """A diverging statement whose disagreeing side is an under-represented stakeholder group
    (few members, or not heard recently) is a coverage warning too."""
    weak = underrepresented(coverage.stakeholder_counts, coverage.silent_stakeholders)
    counts = dict(coverage.stakeholder_counts)
    out = []
    for item in results(store, settings, group_id):
        if item.result.verdict is not Verdict.DIVERGING:
            continue
        for name in item.result.disagreeing:
            if name in weak:
                out.append(
                    f"Statement #{item.statement.number} diverges and {name}, who mostly "
                    f"disagree, are under-represented ({counts.get(name, 0)} of "
                    f"{coverage.members} members): hear them out before calling it agreed."
                )
    return tuple(out)


def with_statements(markdown: str, items: Sequence[StatementResult], today: date) -> str:
    """A draft's Markdown with the group's statements, verdicts and dissent before its footer
    (a draft is read beside what the group has already voted on)."""
    if not items:
        return markdown
    section = f"## {STATEMENTS_HEADING}\n" + "\n".join(markdown_section(items, today)) + "\n\n"
    cut = markdown.rfind("\n---\n")
    if cut < 0:
        return markdown.rstrip("\n") + "\n\n" + section
    return markdown[: cut + 1] + section + markdown[cut + 1 :]
