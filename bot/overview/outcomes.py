"""The cycle's outcomes: each group's goal beside its latest draft, and whether the deadline
was met. Pure functions; "met" means a draft exists dated on or before the deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.overview.drafts import LatestDraft

DRAFT_EXCERPT = 600


class DeadlineOutcome(StrEnum):
    MET = "met"  # a draft on or before the deadline
    MISSED = "missed"  # the deadline passed with no draft by then
    OPEN = "open"  # the deadline lies ahead
    NO_DEADLINE = "no deadline"


def deadline_outcome(deadline: date | None, today: date, draft_day: date | None) -> DeadlineOutcome:
    if deadline is None:
        return DeadlineOutcome.NO_DEADLINE
    if draft_day is not None and draft_day <= deadline:
        return DeadlineOutcome.MET
    if deadline < today:
        return DeadlineOutcome.MISSED
    return DeadlineOutcome.OPEN


@dataclass(frozen=True)
class GroupOutcome:
    name: str
    format: str
    goal: str | None
    deadline: date | None
    draft: LatestDraft | None
    outcome: DeadlineOutcome


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= DRAFT_EXCERPT else text[: DRAFT_EXCERPT - 1].rstrip() + "…"


def outcomes_markdown(items: list[GroupOutcome], today: date) -> str:
    """The inventory of the cycle's outcomes, to seed the next cycle's priorities."""
    lines = [f"# Outcomes of the intersessional work ({today.isoformat()})", ""]
    tally = {o: sum(1 for i in items if i.outcome is o) for o in DeadlineOutcome}
    lines.append(
        "| outcome | groups |\n| --- | --- |\n"
        + "\n".join(f"| {o.value} | {n} |" for o, n in tally.items())
    )
    for item in items:
        deadline = item.deadline.isoformat() if item.deadline else "none"
        lines += ["", f"## {item.name} ({item.format})", ""]
        lines.append(f"- **Deadline:** {deadline} — {item.outcome.value}")
        lines.append(f"- **Goal (desired outcome):** {item.goal or '*not set*'}")
        if item.draft is None:
            lines.append("- **Latest draft:** none")
        else:
            version = f" v{item.draft.version}" if item.draft.version is not None else ""
            lines.append(f"- **Latest draft{version}:** {item.draft.created_at.date().isoformat()}")
            lines += [
                "",
                *(f"> {ln}" if ln else ">" for ln in _excerpt(item.draft.text).splitlines()),
            ]
    return "\n".join(lines) + "\n"
