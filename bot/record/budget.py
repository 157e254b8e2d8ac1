"""A platform's history budget, kept in the database so that every process of a deployment
spends one budget per workspace and method (Slack's limits are per method, per workspace,
per app). One row per method; a call is taken by one conditional UPDATE. Never waits: the
filler asks `wait_time()` and comes back later.

`clock` is seconds (time.time by default; tests pass one they advance by hand): every
process sharing the database must use the same clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.budget.models import HistoryBudget
from storage.budget.repo import SKEW_HORIZON
from storage.database import Database
from storage.store import Store

HISTORY, REPLIES = "history", "replies"  # a channel's top level; one thread's replies


@dataclass(frozen=True)
class Allowance:
    interval: float  # seconds between calls of one method
    per_call: int  # messages a call asks for


class SharedPacer:
    def __init__(
        self,
        database: Database,
        platform: str,
        workspace: str,
        allowance: Allowance,
        clock: Callable[[], float] = time.time,
        methods: tuple[str, ...] = (HISTORY, REPLIES),
    ) -> None:
        self.database = database
        self.platform = platform
        self.workspace = workspace
        self.allowance = allowance
        self.clock = clock
        self.methods = methods
        self._rows: dict[str, HistoryBudget] = {}

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    def _row(self, store: Store, method: str) -> HistoryBudget:
        a = self.allowance
        return store.budget.ensure(self.platform, self.workspace, method, a.interval, a.per_call)

    def _read(self, method: str) -> HistoryBudget:
        with self.database.session() as session:
            store = Store(session)
            store.changes_only_record_of(None)
            row = self._row(store, method)
            session.expunge(row)
        return row

    @property
    def interval(self) -> float:
        return max(self._read(m).interval for m in self.methods)

    def per_call(self, method: str = HISTORY) -> int:
        return self._read(method).per_call

    def wait_time(self, method: str | None = None) -> float:
        """Seconds until a call may go (of `method`, or of the soonest one)."""
        now = self._now()
        rows = [self._read(m) for m in ((method,) if method else self.methods)]
        waits = [(r.next_at - now).total_seconds() for r in rows]
        return min(0.0 if w > SKEW_HORIZON.total_seconds() else max(0.0, w) for w in waits)

    def take(self, method: str = HISTORY) -> bool:
        """True (and the slot spent, for every process) when a call may go now."""
        with self.database.session() as session:
            store = Store(session)
            store.changes_only_record_of(None)  # the budget is no reply's business
            return store.budget.take(self._row(store, method), self._now())

    def hold(self, seconds: float, method: str = HISTORY) -> None:
        """The platform said Retry-After: nobody calls `method` before then."""
        with self.database.session() as session:
            store = Store(session)
            store.changes_only_record_of(None)
            until = self._now() + timedelta(seconds=seconds)
            store.budget.hold(self._row(store, method), until)

    def step_down(self, method: str, interval: float, per_call: int) -> None:
        """A page came back capped below what was asked: ask for less, less often."""
        with self.database.session() as session:
            store = Store(session)
            store.changes_only_record_of(None)
            store.budget.step_down(self._row(store, method), interval, per_call)
