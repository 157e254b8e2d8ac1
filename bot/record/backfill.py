"""Backfill: when a channel is bound (or the bot is invited back), the record is filled from
the platform's history back to WGBOT_BACKFILL_DAYS, by the paced filler in the background.
Only the periods the record lacks are queued, so a re-invite reads just the pause."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.messages import Where
from bot.record import reading
from bot.record.filler import encode_periods
from storage.record.models import RecordJob
from storage.store import Store


def queue_backfill(
    store: Store,
    where: Where,
    group_id: int,
    days: int,
    now: datetime,
    actor: str,
    live_since: datetime | None = None,
    workspace: str = "",
) -> bool:
    """Queue (in the caller's transaction) the reading of what the record lacks of this
    channel's last `days` days; False when nothing is missing or a backfill is queued."""
    if days <= 0:
        return False
    platform = where.platform.value
    if any(
        j.kind == "backfill" for j in store.record_gaps.pending_jobs(platform, where.channel_id)
    ):
        return False
    wanted = reading.Wanted(
        Where(where.platform, where.channel_id), now - timedelta(days=days), None
    )
    periods = reading.gaps(store, wanted, now, live_since)
    if not periods:
        return False
    store.record_gaps.add_job(
        RecordJob(
            group_id=group_id,
            platform=platform,
            workspace=workspace,
            channel_id=where.channel_id,
            kind="backfill",
            gaps=encode_periods([(None, p.start, p.end) for p in periods]),
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
    )
    return True
