"""The history budget's one row per workspace and method: a call is taken by one conditional
UPDATE (next_at <= now), so two processes never spend the same slot, on PostgreSQL as on
SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from storage.base import _Repo
from storage.budget.models import HistoryBudget

SKEW_HORIZON = timedelta(hours=2)


class BudgetRepo(_Repo):
    def get(self, platform: str, workspace: str, method: str) -> HistoryBudget | None:
        stmt = select(HistoryBudget).where(
            HistoryBudget.platform == platform,
            HistoryBudget.workspace == workspace,
            HistoryBudget.method == method,
        )
        return self.session.exec(stmt).first()

    def ensure(
        self, platform: str, workspace: str, method: str, interval: float, per_call: int
    ) -> HistoryBudget:
        """The row, made at the install's allowance when first needed (a concurrent maker
        wins quietly)."""
        found = self.get(platform, workspace, method)
        if found is not None:
            return found
        row = HistoryBudget(
            platform=platform,
            workspace=workspace,
            method=method,
            next_at=datetime(1970, 1, 1, tzinfo=UTC),
            interval=interval,
            per_call=per_call,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            found = self.get(platform, workspace, method)
            assert found is not None
            return found
        return row

    def take(self, row: HistoryBudget, now: datetime) -> bool:
        """Spend the next slot if it is due: True for exactly one taker. A slot further away
        than SKEW_HORIZON was set by a clock that is wrong (no Retry-After is that long)."""
        result = self.session.exec(
            update(HistoryBudget)
            .where(
                col(HistoryBudget.id) == row.id,
                or_(
                    col(HistoryBudget.next_at) <= now,
                    col(HistoryBudget.next_at) > now + SKEW_HORIZON,
                ),
            )
            .values(next_at=now + timedelta(seconds=row.interval))
        )
        return bool(result.rowcount == 1)

    def hold(self, row: HistoryBudget, until: datetime) -> None:
        self.session.exec(
            update(HistoryBudget)
            .where(col(HistoryBudget.id) == row.id, col(HistoryBudget.next_at) < until)
            .values(next_at=until)
        )

    def step_down(self, row: HistoryBudget, interval: float, per_call: int) -> None:
        self.session.exec(
            update(HistoryBudget)
            .where(col(HistoryBudget.id) == row.id)
            .values(interval=max(row.interval, interval), per_call=min(row.per_call, per_call))
        )
