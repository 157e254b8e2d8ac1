"""The IGF's yearly cycle as pure functions: milestones counted back from the annual meeting,
the phase a group is in, and how late it runs (docs/cycle.md).

This is the small, stable API other features build on (outputs and uptake read `phase_of`
and the `uptake-review` milestone): plain values in, plain values out, no storage.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.ground.errors import UsageError
from bot.ground.normalise import quoted


@dataclass(frozen=True)
class MilestoneKind:
    key: str  # what chairs type: `/wg milestone draft 2027-05-01`
    label: str  # what people read
    phase: str  # the phase that begins when this milestone is reached
    members: bool  # members (and the list, if the chair turns it on) are reminded too


# In the order of the cycle. Each milestone opens the phase named beside it.
KINDS: tuple[MilestoneKind, ...] = (
    MilestoneKind("charter", "Charter agreed", "Scoping", False),
    MilestoneKind("call-opens", "Call for input opens", "Call for input", True),
    MilestoneKind("call-closes", "Call for input closes", "Drafting", True),
    MilestoneKind("draft", "First draft", "Revising the draft", False),
    MilestoneKind("comments-open", "Comments open", "Public comments", True),
    MilestoneKind("comments-close", "Comments close", "Finalising", True),
    MilestoneKind("frozen", "Text frozen", "Text frozen", False),
    MilestoneKind("session", "Session at the meeting", "Final report", False),
    MilestoneKind("final-report", "Final report", "Uptake", False),
    MilestoneKind("uptake-review", "Uptake review", "Cycle complete", False),
)
BY_KEY: dict[str, MilestoneKind] = {k.key: k for k in KINDS}
FIRST_PHASE = "Chartering"  # before the charter is agreed
FINAL_REPORT = "final-report"  # the old `/wg deadline`
UPTAKE_REVIEW = "uptake-review"
# Words people may type for a milestone, beside its key.
ALIASES = {
    "deadline": FINAL_REPORT,
    "report": FINAL_REPORT,
    "final": FINAL_REPORT,
    "call": "call-opens",
    "frozen-text": "frozen",
    "freeze": "frozen",
    "meeting": "session",
    "uptake": UPTAKE_REVIEW,
    "first-draft": "draft",
}

# Days from the meeting (the defaults, in weeks); `WGBOT_CYCLE_OFFSETS` overrides.
DEFAULT_OFFSETS: dict[str, int] = {
    "charter": -20 * 7,
    "call-opens": -18 * 7,
    "call-closes": -12 * 7,
    "draft": -8 * 7,
    "comments-open": -6 * 7,
    "comments-close": -3 * 7,
    "frozen": -1 * 7,
    "session": 0,
    "final-report": 8 * 7,
    "uptake-review": 26 * 7,
}
REMINDER_DAYS = (7, 0)  # chairs are reminded a week before each milestone and on the day
MIN_YEAR, MAX_YEAR = 2000, 2100
_OFFSET = re.compile(r"^([a-z-]+)\s*[:=]\s*([+-]?\d{1,3})\s*([wd]?)$", re.ASCII)
DATE_HINT = "an ISO date like `2027-06-22`"


def parse_offsets(items: Sequence[str]) -> dict[str, int]:
    """`draft:-8w`, `final-report:+60d` … over the defaults; ValueError names a bad one."""
    offsets = dict(DEFAULT_OFFSETS)
    for item in items:
        match = _OFFSET.match(item.strip().lower())
        if not match or match.group(1) not in BY_KEY:
            raise ValueError(f"bad cycle offset {item!r}: expected like `draft:-8w` or `session:0`")
        number = int(match.group(2))
        offsets[match.group(1)] = number * (7 if match.group(3) == "w" else 1)
    return offsets


def milestone_key(text: str) -> str:
    """The milestone a chair named, or a one-line error listing the names."""
    word = text.strip().lower().replace("_", "-").replace(" ", "-")
    key = ALIASES.get(word, word)
    if key not in BY_KEY:
        names = ", ".join(k.key for k in KINDS)
        raise UsageError(f"No milestone {quoted(text, 30)}: name one of {names}.")
    return key


def parse_day(text: str, what: str = "the date") -> date:
    raw = text.strip()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"{quoted(raw, 30)} is not a date: give {what} as {DATE_HINT}.") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UsageError(f"{day.isoformat()} is out of range: give {what} as {DATE_HINT}.")
    return day


def parse_year(text: str) -> int:
    raw = text.strip()
    if not raw.isascii() or not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise UsageError(f"{quoted(raw, 20)} is not a year: give the cycle's year, like `2027`.")
    return int(raw)


def default_dates(meeting: date, offsets: Mapping[str, int]) -> dict[str, date]:
    return {k.key: meeting + timedelta(days=offsets[k.key]) for k in KINDS}


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    due: date
    done_on: date | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def days_late(self, today: date) -> int:
        """Days past its date without being marked done (0 when not late)."""
        return 0 if self.done or today <= self.due else (today - self.due).days

    def state(self, today: date) -> str:
        """`done 2027-04-30`, `due today`, `due in 3 days`, `12 days late`."""
        if self.done_on is not None:
            return f"done {self.done_on.isoformat()}"
        left = (self.due - today).days
        if left == 0:
            return "due today"
        if left > 0:
            return f"due in {left} day{'s' if left != 1 else ''}"
        return f"{-left} day{'s' if left != -1 else ''} late"


def timeline(
    meeting: date | None,
    offsets: Mapping[str, int],
    moved: Mapping[str, date],
    done: Mapping[str, date],
    deadline: date | None,
) -> list[Milestone]:
    """A group's milestones in cycle order: the cycle's defaults, the chairs' moves, and the
    group's deadline as its final report. Without a meeting, only the deadline (if any)."""
    if meeting is None:
        dates: dict[str, date] = {}
    else:
        dates = default_dates(meeting, offsets)
    dates.update(moved)
    if deadline is not None:
        dates[FINAL_REPORT] = deadline
    return [
        Milestone(k.key, k.label, dates[k.key], done.get(k.key)) for k in KINDS if k.key in dates
    ]


def check_order(milestones: Sequence[Milestone], key: str, day: date) -> None:
    """A milestone may not move before the one that precedes it or after the one that
    follows it (the cycle's order); the error says which neighbour to move first."""
    index = next(i for i, k in enumerate(KINDS) if k.key == key)
    label = BY_KEY[key].label
    for m in milestones:
        other = next(i for i, k in enumerate(KINDS) if k.key == m.key)
        if other < index and m.due > day:
            raise UsageError(
                f"{label} cannot come before {m.label} ({m.due.isoformat()}): give a date "
                f"after it, or move `{m.key}` first with `\ue000/wg milestone {m.key} DATE`."
            )
        if other > index and m.due < day:
            raise UsageError(
                f"{label} cannot come after {m.label} ({m.due.isoformat()}): give a date "
                f"before it, or move `{m.key}` first with `\ue000/wg milestone {m.key} DATE`."
            )


@dataclass(frozen=True)
class Phase:
    name: str
    since: date | None  # the day the phase began (None: before the first milestone)
    late: tuple[Milestone, ...]  # milestones past their date and not done, oldest first
    next: Milestone | None  # the next milestone not done

    def late_phrase(self, today: date) -> str:
        """`Late: Charter agreed 12 days late` or ''."""
        if not self.late:
            return ""
        return "Late: " + ", ".join(f"{m.label} {m.state(today)}" for m in self.late)


def phase_of(milestones: Sequence[Milestone], today: date) -> Phase:
    """The phase opened by the latest milestone reached (marked done, or its day come), the
    milestones running late, and the next one to reach."""
    reached = [m for m in milestones if m.done or m.due <= today]
    late = tuple(m for m in milestones if m.days_late(today) > 0)
    upcoming = next((m for m in milestones if not m.done), None)
    if not reached:
        return Phase(FIRST_PHASE, None, late, upcoming)
    last = reached[-1]
    since = last.done_on if last.done_on and last.done_on < last.due else last.due
    return Phase(BY_KEY[last.key].phase, since, late, upcoming)


def is_late(milestones: Sequence[Milestone], today: date) -> bool:
    return any(m.days_late(today) > 0 for m in milestones)
