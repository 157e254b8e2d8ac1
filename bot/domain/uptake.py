"""Uptake of a group's outputs, as pure functions: when to ask "who used it?", which outputs
have no known uptake, how evidence is typed (docs/uptake.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.ground.errors import UsageError
from bot.ground.normalise import quoted

STATUSES = ("cited", "adopted", "implemented")  # weakest first
ASK_EVERY_MONTHS = 3
ASK_UNTIL_MONTHS = 12
# An ask is due from its moment until this long after it (then the next moment, or nothing):
# a bot that was down sends the latest one late, never a pile, never one a year late.
ASK_WINDOW = timedelta(days=60)
# The MAG overview's column: published this long ago and nobody known to have used it.
NO_UPTAKE_AFTER_MONTHS = 6
REVIEW = "review"


def add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def parse_status(word: str) -> str | None:
    """`cited`, `Adopted`, `implemented` → the status; anything else None."""
    key = word.strip().lower()
    return key if key in STATUSES else None


def status_rank(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else -1


def ask_moments(published_on: date | None, review: date | None) -> list[tuple[date, str]]:
    """The days chairs and liaisons are asked "who used it?": the cycle's uptake-review
    milestone, and every 3 months after publication until 12 months; in date order."""
    moments: list[tuple[date, str]] = []
    # The cycle's review asks about what was out by then (an output published after it is
    # asked about from its own 3 months on).
    if review is not None and (published_on is None or review >= published_on):
        moments.append((review, REVIEW))
    if published_on is not None:
        for months in range(ASK_EVERY_MONTHS, ASK_UNTIL_MONTHS + 1, ASK_EVERY_MONTHS):
            moments.append((add_months(published_on, months), f"m{months}"))
    moments.sort()
    return moments


def ask_period(
    output_id: int,
    published_on: date | None,
    review: date | None,
    now: datetime,
    timezone: str,
    hour: int,
) -> str | None:
    """`o12:m3`: the latest ask moment that has begun (at `hour`, local), while it is within
    its window; None when no ask is due. The period is the outbox key's: once per moment."""
    latest: tuple[datetime, str] | None = None
    for day, label in ask_moments(published_on, review):
        start = datetime.combine(day, time(hour), tzinfo=ZoneInfo(timezone))
        if start <= now:
            latest = (start, label)
    if latest is None or now >= latest[0] + ASK_WINDOW:
        return None
    return f"o{output_id}:{latest[1]}"


def output_of_period(period: str) -> int | None:
    head = period.partition(":")[0]
    return int(head[1:]) if head.startswith("o") and head[1:].isdigit() else None


@dataclass(frozen=True)
class OutputFacts:
    output_id: int
    published_on: date | None


def without_uptake(
    outputs: Sequence[OutputFacts],
    used: Iterable[int],
    today: date,
    months: int = NO_UPTAKE_AFTER_MONTHS,
) -> int:
    """How many outputs were published `months` or more ago and have no known uptake."""
    known = set(used)
    return sum(
        1
        for o in outputs
        if o.published_on is not None
        and add_months(o.published_on, months) <= today
        and o.output_id not in known
    )


def split_body_url(text: str, usage: str) -> tuple[str, str, str]:
    """`Council of Europe https://… adopted note` → ("Council of Europe", url, rest).
    The body is everything before the first URL (quotes optional)."""
    words = text.split()
    at = next((i for i, w in enumerate(words) if w.lower().startswith(("http://", "https://"))), -1)
    if at < 0:
        raise UsageError(f"Give the evidence's address (an http(s) URL). Usage: {usage}")
    body = " ".join(words[:at]).strip().strip('"“”').strip()
    if not body:
        raise UsageError(f"Name the body that used it, like `ITU` or `IETF`. Usage: {usage}")
    rest = " ".join(words[at + 1 :])
    return body, words[at], rest


def check_url(url: str, usage: str) -> str:
    """Only http(s) addresses with a host: what goes on a public page must be a link."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
        raise UsageError(f"{quoted(url, 60)} is not a web address. Usage: {usage}")
    if any(ord(c) < 33 or c in '<>"' for c in url):
        raise UsageError(f"{quoted(url, 60)} holds characters a link cannot have.")
    return url
