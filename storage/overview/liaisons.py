"""A group's liaisons with outside bodies."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from bot.ground.keys import org_key
from storage.base import _Repo
from storage.overview.models import Liaison


class LiaisonRepo(_Repo):
    def of_group(self, group_id: int) -> list[Liaison]:
        stmt = select(Liaison).where(Liaison.group_id == group_id).order_by(col(Liaison.org_key))
        return list(self.session.exec(stmt))

    def all(self) -> list[Liaison]:
        """Every liaison of every group, by body then group (one query)."""
        stmt = select(Liaison).order_by(col(Liaison.org_key), col(Liaison.group_id))
        return list(self.session.exec(stmt))

    def get(self, group_id: int, org: str) -> Liaison | None:
        return self.session.exec(
            select(Liaison).where(Liaison.group_id == group_id, Liaison.org_key == org_key(org))
        ).first()

    def add(
        self, group_id: int, org: str, contact: str | None, actor: str, now: datetime
    ) -> tuple[Liaison, bool]:
        """Add a liaison, or update its contact; returns (liaison, created)."""
        row = self.get(group_id, org)
        created = row is None
        old = None if row is None else f"{row.org_name} ({row.contact or 'no contact'})"
        if row is None:
            row = Liaison(
                group_id=group_id,
                org_key=org_key(org),
                org_name=org.strip(),
                added_by=actor,
                added_at=now,
            )
        if contact is not None:
            row.contact = contact
        self.session.add(row)
        self._flush_or_conflict("That liaison was added at the same moment: try again.")
        new = f"{row.org_name} ({row.contact or 'no contact'})"
        self._audit(group_id, actor, "liaison.add", now, old=old, new=new)
        return row, created

    def remove(self, row: Liaison, actor: str, now: datetime) -> None:
        self.session.delete(row)
        self._audit(row.group_id, actor, "liaison.remove", now, old=row.org_name)
