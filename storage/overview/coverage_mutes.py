"""The chairs' mutes of coverage warnings (storage/overview/models.py: CoverageMute)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from storage.base import _Repo
from storage.overview.models import CoverageMute


class CoverageMuteRepo(_Repo):
    def topics_by_group(self) -> dict[int, set[str]]:
        """group id → its muted topics, for every group in one query (the overview)."""
        out: dict[int, set[str]] = {}
        for group_id, topic in self.session.exec(select(CoverageMute.group_id, CoverageMute.topic)):
            out.setdefault(group_id, set()).add(topic)
        return out

    def of_group(self, group_id: int) -> list[CoverageMute]:
        stmt = select(CoverageMute).where(CoverageMute.group_id == group_id)
        stmt = stmt.order_by(col(CoverageMute.topic))
        return self._read_once(("mutes", group_id), lambda: list(self.session.exec(stmt)))

    def mute(
        self, group_id: int, topic: str, reason: str, actor: str, actor_name: str, now: datetime
    ) -> CoverageMute:
        row = self.session.exec(
            select(CoverageMute).where(
                CoverageMute.group_id == group_id, CoverageMute.topic == topic
            )
        ).first()
        old = row.reason if row else None
        if row is None:
            row = CoverageMute(
                group_id=group_id, topic=topic, reason=reason, muted_by=actor, muted_at=now
            )
        row.reason, row.muted_by, row.muted_by_name, row.muted_at = reason, actor, actor_name, now
        self.session.add(row)
        self._flush_or_conflict("That warning was muted at the same moment: try again.")
        self._audit(group_id, actor, "coverage.mute", now, old=old, new=f"{topic}: {reason}")
        return row

    def unmute(self, row: CoverageMute, actor: str, now: datetime) -> None:
        self.session.delete(row)
        self._audit(row.group_id, actor, "coverage.unmute", now, old=f"{row.topic}: {row.reason}")
