"""Deadline parsing and the day arithmetic shown to people."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.ground.errors import UsageError
from bot.ground.normalise import quoted

DEADLINE_FORMATS_HINT = "an ISO date like `2027-03-31`, or `in 6 weeks` / `in 10 days`"
# Intersessional work runs in yearly cycles; anything further is a typo, and dates near the
# end of the calendar break date arithmetic elsewhere (reminders, "the day after").
MAX_YEARS_AHEAD = 5

_RELATIVE = re.compile(
    r"^in\s+(\d{1,5})\s+(day|days|week|weeks|month|months|year|years)$", re.IGNORECASE | re.ASCII
)
_ISO_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def local_today(now: datetime, timezone: str) -> date:
    """Today's date where the group lives, so "days left" does not flip at UTC midnight."""
    return now.astimezone(ZoneInfo(timezone)).date()


def parse_deadline(text: str, today: date) -> date:
    """ISO date or "in N days/weeks/months"; it must lie in the future."""
    raw = text.strip()
    match = _RELATIVE.match(raw)
    latest = _add_months(today, 12 * MAX_YEARS_AHEAD)
    too_far = UsageError(
        f"{quoted(raw)} is more than {MAX_YEARS_AHEAD} years away: give a deadline before "
        f"{latest.isoformat()}."
    )
    if match:
        count, unit = int(match.group(1)), match.group(2).lower()
        if count > 12 * MAX_YEARS_AHEAD * 31:
            raise too_far
        if unit.startswith("day"):
            result = today + timedelta(days=count)
        elif unit.startswith("week"):
            result = today + timedelta(weeks=count)
        elif unit.startswith("month"):
            result = _add_months(today, count)
        else:
            result = _add_months(today, 12 * count)
    else:
        try:
            result = date.fromisoformat(raw)
        except ValueError:
            if _ISO_SHAPE.match(raw):
                raise UsageError(
                    f"{quoted(raw)} is not a day of the calendar (check the day and month): use "
                    f"{DEADLINE_FORMATS_HINT}."
                ) from None
            raise UsageError(
                f"{quoted(raw)} is not a date I understand: use {DEADLINE_FORMATS_HINT}."
            ) from None
    if result > latest:
        raise too_far
    if result <= today:
        raise UsageError(
            f"The deadline {result.isoformat()} is not in the future: use {DEADLINE_FORMATS_HINT}."
        )
    return result


def _add_months(start: date, months: int) -> date:
    months = min(months, 12 * MAX_YEARS_AHEAD + 12)  # never near the calendar's end
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def days_left_phrase(deadline: date | None, today: date) -> str:
    if deadline is None:
        return "no deadline set"
    left = (deadline - today).days
    if left > 1:
        return f"{left} days left (deadline {deadline.isoformat()})"
    if left == 1:
        return f"1 day left (deadline {deadline.isoformat()})"
    if left == 0:
        return f"deadline is today ({deadline.isoformat()})"
    return f"overdue by {-left} day{'s' if left != -1 else ''} (deadline {deadline.isoformat()})"
