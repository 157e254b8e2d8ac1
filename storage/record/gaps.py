"""What the discussion record knows about its own completeness: the periods a listener was
up, the spans read whole from a platform's history, and the jobs that fill the gaps between."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, or_, update
from sqlmodel import col, select

from storage.base import _Repo
from storage.groups.models import ChannelBinding
from storage.record.models import JobState, RecordJob, RecordListener, RecordSpan


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


class RecordGapsRepo(_Repo):
    # -- completeness ------------------------------------------------------------------------

    def listener_start(self, platform: str, now: datetime) -> int:
        row = RecordListener(platform=platform, started_at=now, alive_at=now)
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def listener_alive(self, listener_id: int, now: datetime) -> None:
        row = self.session.get(RecordListener, listener_id)
        if row is not None and now > row.alive_at:
            row.alive_at = now
            self.session.add(row)

    def listening(self, platform: str, since: datetime) -> list[Period]:
        stmt = select(RecordListener).where(
            RecordListener.platform == platform, col(RecordListener.alive_at) >= since
        )
        return [Period(r.started_at, r.alive_at) for r in self.session.exec(stmt)]

    def bound_at(self, platform: str, channel_id: str) -> datetime | None:
        stmt = select(ChannelBinding.bound_at).where(
            ChannelBinding.platform == platform, ChannelBinding.channel_id == channel_id
        )
        return self.session.exec(stmt).first()

    def spans(self, platform: str, channel_id: str, thread_id: str | None) -> list[Period]:
        """Periods read whole from history: of the channel's top level, or of one thread's
        replies. A channel's span never vouches for a thread (history lists no replies)."""
        stmt = select(RecordSpan).where(
            RecordSpan.platform == platform,
            RecordSpan.channel_id == channel_id,
            RecordSpan.thread_id == (thread_id or ""),
        )
        return [Period(s.start, s.end) for s in self.session.exec(stmt)]

    def add_span(
        self, platform: str, channel_id: str, thread_id: str | None, start: datetime, end: datetime
    ) -> None:
        self.session.add(
            RecordSpan(
                platform=platform,
                channel_id=channel_id,
                thread_id=thread_id or "",
                start=start,
                end=end,
            )
        )

    # -- gap-filling jobs ---------------------------------------------------------------------

    def add_job(self, job: RecordJob) -> RecordJob:
        self.session.add(job)
        self.session.flush()
        return job

    def job(self, job_id: int) -> RecordJob | None:
        return self.session.get(RecordJob, job_id)

    def pending_jobs(self, platform: str, channel_id: str | None = None) -> list[RecordJob]:
        stmt = select(RecordJob).where(
            RecordJob.platform == platform, RecordJob.state == JobState.PENDING.value
        )
        if channel_id is not None:
            stmt = stmt.where(RecordJob.channel_id == channel_id)
        return list(self.session.exec(stmt.order_by(col(RecordJob.id))))

    def pending_workspaces(self, platform: str) -> list[str]:
        """The workspaces with history jobs still to read (a filler each, after a restart)."""
        stmt = (
            select(RecordJob.workspace)
            .where(RecordJob.platform == platform, RecordJob.state == JobState.PENDING.value)
            .distinct()
        )
        return list(self.session.exec(stmt))

    def claim_job(
        self, platform: str, holder: str, now: datetime, lease: timedelta, workspace: str = ""
    ) -> RecordJob | None:
        """The oldest pending job nobody holds (or whose holder stopped renewing its lease).
        Row locks (PostgreSQL, skipping rows another process holds) or SQLite's one writer
        at a time make sure two processes never take the same job."""
        stmt = (
            select(RecordJob)
            .where(
                RecordJob.platform == platform,
                RecordJob.workspace == workspace,
                RecordJob.state == JobState.PENDING.value,
                or_(
                    col(RecordJob.lease_until).is_(None),
                    col(RecordJob.lease_until) <= now,
                    col(RecordJob.lease_holder) == holder,
                ),
            )
            # A chair waiting for a summary goes before a background backfill.
            .order_by(case((col(RecordJob.kind) == "backfill", 1), else_=0), col(RecordJob.id))
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        job = self.session.exec(stmt).first()
        if job is None:
            return None
        job.lease_holder, job.lease_until, job.updated_at = holder, now + lease, now
        self.session.add(job)
        return job

    def release_jobs(self, holder: str) -> None:
        """A process stopping lets go of its jobs: the next one resumes them at once."""
        self.session.exec(
            update(RecordJob)
            .where(
                col(RecordJob.lease_holder) == holder,
                col(RecordJob.state) == JobState.PENDING.value,
            )
            .values(lease_holder=None, lease_until=None)
        )

    def save_job(self, job: RecordJob, now: datetime) -> None:
        job.updated_at = now
        self.session.add(job)
