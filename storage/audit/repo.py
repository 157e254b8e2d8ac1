"""Reads of the audit log (every repository writes it through _Repo._audit)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from storage.audit.models import AuditEntry
from storage.base import _Repo


class AuditRepo(_Repo):
    def count(self) -> int:
        return int(self.session.exec(select(func.count()).select_from(AuditEntry)).one())

    def history(self, group_id: int, limit: int = 50) -> list[AuditEntry]:
        return list(
            self.session.exec(
                select(AuditEntry)
                .where(AuditEntry.group_id == group_id)
                .order_by(col(AuditEntry.id).desc())
                .limit(limit)
            )
        )
