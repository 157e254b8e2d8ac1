"""Which part of a wanted period the record does not hold: what no listening process and no
history read covered. Pure functions over periods."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from storage.record.gaps import Period

# Slack redelivers an event for a few minutes and Discord resumes a session: a restart
# shorter than this loses no message, so such a pause is no gap.
REDELIVERY_GRACE = timedelta(minutes=5)
DISCORD_EPOCH_MS = 1_420_070_400_000


def missing(want: Period, covered: Iterable[Period]) -> list[Period]:
    """`want` minus the union of `covered`, oldest first."""
    out: list[Period] = []
    cursor = want.start
    for span in sorted(covered, key=lambda p: p.start):
        if span.end <= cursor:
            continue
        if span.start > cursor:
            out.append(Period(cursor, min(span.start, want.end)))
        cursor = max(cursor, span.end)
        if cursor >= want.end:
            break
    if cursor < want.end:
        out.append(Period(cursor, want.end))
    return [p for p in out if p.end > p.start]


def listened(listeners: Iterable[Period], bound_at: datetime) -> list[Period]:
    """What listening covered for a channel bound at `bound_at` (nothing was kept before)."""
    out = []
    for period in listeners:
        start = max(period.start, bound_at)
        end = period.end + REDELIVERY_GRACE
        if end > start:
            out.append(Period(start, end))
    return out


def id_time(platform: str, message_id: str) -> datetime | None:
    """When a message was posted, from its id alone: a Slack ts is a Unix time, a Discord
    snowflake carries its millisecond; other ids say nothing."""
    try:
        if platform == "slack":
            return datetime.fromtimestamp(float(message_id), UTC)
        if platform == "discord":
            return datetime.fromtimestamp(((int(message_id) >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return None
