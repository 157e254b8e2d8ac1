"""Summary drafts, the per-channel opt-out, the per-group lock, the LLM rate count."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select

from storage.audit.models import AuditEntry
from storage.base import _Repo
from storage.summaries.models import DraftRecord, DraftStatus, SummarizeOptOut, SummaryLock


class SummarizerRepo(_Repo):
    """Drafts, the per-channel opt-out, the per-group lock and what was sent to an LLM."""

    def opted_out(self, platform: str, channel_id: str) -> bool:
        stmt = select(SummarizeOptOut).where(
            SummarizeOptOut.platform == platform, SummarizeOptOut.channel_id == channel_id
        )
        return self.session.exec(stmt).first() is not None

    def set_opt_out(
        self, group_id: int, platform: str, channel_id: str, off: bool, actor: str, now: datetime
    ) -> bool:
        """Returns True when something changed."""
        row = self.session.exec(
            select(SummarizeOptOut).where(
                SummarizeOptOut.platform == platform, SummarizeOptOut.channel_id == channel_id
            )
        ).first()
        if off == (row is not None):
            return False
        if row is None:
            self.session.add(
                SummarizeOptOut(
                    group_id=group_id,
                    platform=platform,
                    channel_id=channel_id,
                    set_by=actor,
                    set_at=now,
                )
            )
            self._flush_or_conflict("The opt-out was changed at the same moment: try again.")
        else:
            self.session.delete(row)
        new = "off" if off else "on"
        self._audit(group_id, actor, "summarize.optout", now, new=f"{platform}:{channel_id} {new}")
        return True

    def claim(
        self, group_id: int, holder: str, actor: str, now: datetime, stale: timedelta
    ) -> SummaryLock:
        """Take the group's summary lock; returns the current lock, whoever holds it."""
        lock = self.session.get(SummaryLock, group_id)
        if lock is not None and lock.started_at > now - stale:
            return lock
        if lock is not None:  # a run that died without releasing
            self.session.delete(lock)
            self.session.flush()
        lock = SummaryLock(group_id=group_id, holder=holder, started_at=now)
        self.session.add(lock)
        self._flush_or_conflict("A summary of this group has just started: wait for it.")
        return lock

    def release(self, group_id: int, holder: str) -> None:
        lock = self.session.get(SummaryLock, group_id)
        if lock is not None and lock.holder == holder:
            self.session.delete(lock)

    def llm_runs_since(self, actor: str, since: datetime) -> int:
        """Summaries this person sent to an LLM endpoint since then (what the rate limit
        protects); runs that read nothing or stayed offline do not count."""
        stmt = (
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.actor == actor,
                AuditEntry.action == "llm.sent",
                col(AuditEntry.at) >= since,
            )
        )
        return int(self.session.exec(stmt).one())

    def record_sent(self, group_id: int, actor: str, now: datetime, summary: str) -> None:
        """What went to which endpoint: counts and model, never the text."""
        self._audit(group_id, actor, "llm.sent", now, new=summary)

    def drafts(self, group_id: int) -> list[DraftRecord]:
        stmt = (
            select(DraftRecord)
            .where(DraftRecord.group_id == group_id)
            .order_by(col(DraftRecord.version).desc())
        )
        return self._read_once(("drafts", group_id), lambda: list(self.session.exec(stmt)))

    def latest(self, group_id: int, *, kept_only: bool = False) -> DraftRecord | None:
        for draft in self.drafts(group_id):
            if not kept_only or draft.status != DraftStatus.DISCARDED.value:
                return draft
        return None

    def get(self, draft_id: int) -> DraftRecord | None:
        return self.session.get(DraftRecord, draft_id)

    def latest_of_groups(self, group_ids: Collection[int]) -> dict[int, DraftRecord]:
        """group id → newest draft that was not discarded, for many groups in ONE query."""
        if not group_ids:
            return {}
        kept = col(DraftRecord.status) != DraftStatus.DISCARDED.value
        newest = (
            select(DraftRecord.group_id, func.max(DraftRecord.version).label("version"))
            .where(kept, col(DraftRecord.group_id).in_(list(group_ids)))
            .group_by(col(DraftRecord.group_id))
            .subquery()
        )
        stmt = select(DraftRecord).join(
            newest,
            (col(DraftRecord.group_id) == newest.c.group_id)
            & (col(DraftRecord.version) == newest.c.version),
        )
        return {draft.group_id: draft for draft in self.session.exec(stmt)}

    def add(self, draft: DraftRecord, actor: str, now: datetime) -> DraftRecord:
        """Store a new version (the next number for its group)."""
        top = self.session.exec(
            select(func.max(DraftRecord.version)).where(DraftRecord.group_id == draft.group_id)
        ).one()
        draft.version = int(top or 0) + 1
        self.session.add(draft)
        self._flush_or_conflict("Another draft was stored at the same moment: try again.")
        self._audit(draft.group_id, actor, "draft.add", now, new=f"v{draft.version}")
        return draft

    def set_status(
        self, draft: DraftRecord, status: DraftStatus, actor: str, now: datetime
    ) -> None:
        old = draft.status
        draft.status = status.value
        self.session.add(draft)
        self._audit(draft.group_id, actor, "draft.status", now, old=old, new=status.value)
