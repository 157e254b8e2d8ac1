"""Statements and votes: the consensus repository (docs/consensus.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select

from storage.base import _Repo
from storage.consensus.models import Statement, StatementStatus, Vote


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class StatementRepo(_Repo):
    def get(self, group_id: int, number: int) -> Statement | None:
        return self.session.exec(
            select(Statement).where(Statement.group_id == group_id, Statement.number == number)
        ).first()

    def by_id(self, statement_id: int) -> Statement | None:
        return self.session.get(Statement, statement_id)

    def of_group(self, group_id: int, *, include_withdrawn: bool = False) -> list[Statement]:
        stmt = select(Statement).where(Statement.group_id == group_id)
        if not include_withdrawn:
            stmt = stmt.where(Statement.status != StatementStatus.WITHDRAWN.value)
        return list(self.session.exec(stmt.order_by(col(Statement.number))))

    def add(
        self,
        group_id: int,
        text: str,
        closes_on: date | None,
        source: str | None,
        actor: str,
        actor_name: str,
        now: datetime,
    ) -> Statement:
        top = self.session.exec(
            select(func.max(Statement.number)).where(Statement.group_id == group_id)
        ).one()
        row = Statement(
            group_id=group_id,
            number=int(top or 0) + 1,
            text=text,
            source=source,
            proposed_by=actor,
            proposed_by_name=actor_name,
            proposed_at=now,
            closes_on=closes_on,
        )
        self.session.add(row)
        self._flush_or_conflict(
            "Someone proposed a statement at the same moment: send yours again."
        )
        until = f" (votes until {closes_on.isoformat()})" if closes_on else ""
        self._audit(
            group_id, actor, "statement.propose", now, new=f"#{row.number} {_short(text)}{until}"
        )
        return row

    def set_status(
        self, row: Statement, status: StatementStatus, actor: str, now: datetime
    ) -> None:
        old = row.status
        row.status, row.closed_by, row.closed_at = status.value, actor, now
        self.session.add(row)
        self._audit(
            row.group_id,
            actor,
            f"statement.{status.value}",
            now,
            old=f"#{row.number} {old}",
            new=status.value,
        )

    def of_groups(self, group_ids: Collection[int]) -> dict[int, list[Statement]]:
        """group id → its statements that were not withdrawn, for many groups in ONE query."""
        if not group_ids:
            return {}
        stmt = (
            select(Statement)
            .where(
                col(Statement.group_id).in_(list(group_ids)),
                Statement.status != StatementStatus.WITHDRAWN.value,
            )
            .order_by(col(Statement.group_id), col(Statement.number))
        )
        out: dict[int, list[Statement]] = defaultdict(list)
        for row in self.session.exec(stmt):
            out[row.group_id].append(row)
        return dict(out)

    def open_closing_on(self, day: date) -> list[Statement]:
        """Open statements (all groups) whose votes close at the end of that day."""
        stmt = select(Statement).where(
            Statement.status == StatementStatus.OPEN.value, Statement.closes_on == day
        )
        return list(
            self.session.exec(stmt.order_by(col(Statement.group_id), col(Statement.number)))
        )


class VoteRepo(_Repo):
    def of_statement(self, statement_id: int) -> list[Vote]:
        return list(
            self.session.exec(
                select(Vote).where(Vote.statement_id == statement_id).order_by(col(Vote.id))
            )
        )

    def of_statements(self, statement_ids: Collection[int]) -> dict[int, list[Vote]]:
        """statement id → its votes, for many statements in ONE query."""
        if not statement_ids:
            return {}
        stmt = (
            select(Vote)
            .where(col(Vote.statement_id).in_(list(statement_ids)))
            .order_by(col(Vote.statement_id), col(Vote.id))
        )
        out: dict[int, list[Vote]] = defaultdict(list)
        for vote in self.session.exec(stmt):
            out[vote.statement_id].append(vote)
        return dict(out)

    def get(self, statement_id: int, voter: str) -> Vote | None:
        return self.session.exec(
            select(Vote).where(Vote.statement_id == statement_id, Vote.voter == voter)
        ).first()

    def cast(
        self,
        statement: Statement,
        voter: str,
        voter_name: str,
        stakeholder_group: str,
        region: str | None,
        choice: str,
        reason: str | None,
        named: bool,
        now: datetime,
    ) -> tuple[Vote, str | None]:
        """Record or replace this member's vote; returns (vote, the previous choice or None).
        One row per (statement, voter): a second vote replaces the first."""
        assert statement.id is not None
        row = self.get(statement.id, voter)
        previous = None if row is None else row.choice
        if row is None:
            row = Vote(
                statement_id=statement.id,
                group_id=statement.group_id,
                voter=voter,
                stakeholder_group=stakeholder_group,
                choice=choice,
                cast_at=now,
            )
        row.voter_name = voter_name or row.voter_name
        row.stakeholder_group, row.region = stakeholder_group, region
        row.choice, row.reason, row.named, row.cast_at = choice, reason, named, now
        self.session.add(row)
        self._flush_or_conflict("You voted twice at the same moment: try again.")
        # The history (open to every member) names the voter: it says only that a vote was
        # cast, never the choice, group or reason, which `/wg consensus` quotes by group.
        action = "vote.cast" if previous is None else "vote.change"
        self._audit(statement.group_id, voter, action, now, new=f"#{statement.number} vote cast")
        return row, previous

    def by_group_ids(self, group_ids: Collection[int]) -> dict[int, list[Vote]]:
        """group id → every vote on its statements that are not withdrawn (one query)."""
        if not group_ids:
            return {}
        stmt = (
            select(Vote)
            .join(Statement, col(Statement.id) == col(Vote.statement_id))
            .where(
                col(Vote.group_id).in_(list(group_ids)),
                Statement.status != StatementStatus.WITHDRAWN.value,
            )
            .order_by(col(Vote.statement_id), col(Vote.id))
        )
        out: dict[int, list[Vote]] = defaultdict(list)
        for vote in self.session.exec(stmt):
            out[vote.group_id].append(vote)
        return dict(out)
