"""A group's charter answers, one row a question."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from storage.base import _Repo
from storage.groups.models import CharterAnswer


class CharterRepo(_Repo):
    def answers(self, group_id: int) -> dict[int, CharterAnswer]:
        rows = self.session.exec(select(CharterAnswer).where(CharterAnswer.group_id == group_id))
        return {row.question: row for row in rows}

    def answer(
        self, group_id: int, question: int, text: str, actor: str, actor_name: str, now: datetime
    ) -> CharterAnswer:
        row = self.session.exec(
            select(CharterAnswer).where(
                CharterAnswer.group_id == group_id, CharterAnswer.question == question
            )
        ).first()
        old = row.answer if row else None
        if row is not None and row.answer == text:
            return row  # unchanged: keep its author and date, write nothing
        if row is None:
            row = CharterAnswer(
                group_id=group_id,
                question=question,
                answer=text,
                answered_by=actor,
                answered_at=now,
            )
        row.answer, row.answered_by, row.answered_by_name = text, actor, actor_name
        row.answered_at = now
        self.session.add(row)
        self._flush_or_conflict("Someone answered that question at the same moment: try again.")
        self._audit(group_id, actor, f"charter.q{question}", now, old=old, new=text)
        return row
