"""Messages counted per person per week (the participation numbers)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, col, select

from storage.base import _Repo, week_start
from storage.groups.models import Participation


class ParticipationRepo(_Repo):
    def record_message(self, group_id: int, platform: str, user_id: str, day: date) -> None:
        """Count one message; an atomic upsert, so concurrent events never lose a count."""
        values = {
            "group_id": group_id,
            "platform": platform,
            "user_id": user_id,
            "week_start": week_start(day),
            "messages": 1,
        }
        table = SQLModel.metadata.tables[Participation.__tablename__]
        keys = ["group_id", "platform", "user_id", "week_start"]
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(table).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=keys, set_={"messages": table.c.messages + 1}
        )
        self.session.exec(stmt)

    def messages_since(self, group_id: int, since: date) -> dict[tuple[str, str], int]:
        """(platform, user_id) → messages in the weeks starting on or after `since`'s week."""
        stmt = (
            select(Participation.platform, Participation.user_id, func.sum(Participation.messages))
            .where(
                Participation.group_id == group_id, Participation.week_start >= week_start(since)
            )
            .group_by(col(Participation.platform), col(Participation.user_id))
        )
        out: dict[tuple[str, str], int] = defaultdict(int)
        for platform, user_id, total in self.session.exec(stmt):
            out[(platform, user_id)] += int(total or 0)
        return dict(out)
