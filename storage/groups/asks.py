"""A group's numbered asks (open until someone closes them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select

from storage.base import _Repo
from storage.groups.models import Ask, AskStatus, WorkingGroup


class AskRepo(_Repo):
    def open(self, group_id: int) -> list[Ask]:
        return list(
            self.session.exec(
                select(Ask)
                .where(Ask.group_id == group_id, Ask.status == AskStatus.OPEN.value)
                .order_by(col(Ask.id))
            )
        )

    def get(self, group_id: int, number: int) -> Ask | None:
        return self.session.exec(
            select(Ask).where(Ask.group_id == group_id, Ask.number == number)
        ).first()

    def add(self, group_id: int, text: str, actor: str, actor_name: str, now: datetime) -> Ask:
        # Asks arriving at once are numbered one after another, not refused: the group's row
        # is locked first (PostgreSQL; SQLite's write transactions are serial already).
        self.session.exec(
            select(WorkingGroup.id).where(WorkingGroup.id == group_id).with_for_update()
        ).first()
        top = self.session.exec(select(func.max(Ask.number)).where(Ask.group_id == group_id)).one()
        ask = Ask(
            group_id=group_id,
            number=int(top or 0) + 1,
            text=text,
            asked_by=actor,
            asked_by_name=actor_name,
            asked_at=now,
        )
        self.session.add(ask)
        self._flush_or_conflict("Someone else asked at the same moment: send yours again.")
        self._audit(group_id, actor, "ask.add", now, new=f"#{ask.number} {text}")
        return ask

    def close(self, ask: Ask, actor: str, now: datetime) -> None:
        ask.status, ask.closed_by, ask.closed_at = AskStatus.DONE.value, actor, now
        self.session.add(ask)
        self._audit(ask.group_id, actor, "ask.done", now, old=f"#{ask.number} open", new="done")
