"""The base every repository shares: the session, the request's workspace, the audit log.

Its own module so that the per-aggregate repositories (storage/<aggregate>/) and the `Store` that
gathers them import it without importing each other."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.ground.errors import Conflict
from storage.audit.models import AuditEntry


def week_start(day: date) -> date:
    """Monday of the ISO week: participation is counted per week."""
    return day - timedelta(days=day.weekday())


READ_MEMO = "wgbot_read_memo"  # session.info of a read-only transaction (storage.database)
T = TypeVar("T")


class _Repo:
    def _read_once(self, key: tuple[object, ...], fetch: Callable[[], list[T]]) -> list[T]:
        """In a read-only transaction the same query is run once (nothing can change it
        there): `/wg status` asks for a group's members, sponsors and drafts from three
        places. Elsewhere it is simply run."""
        memo = self.session.info.get(READ_MEMO)
        if memo is None:
            return fetch()
        if key not in memo:
            memo[key] = fetch()
        return list(memo[key])

    def __init__(self, session: Session) -> None:
        self.session = session
        # (team_id, enterprise_id) of the workspace the request came from (Store.in_workspace)
        self.workspace: tuple[str | None, str | None] = (None, None)

    def _audit(
        self,
        group_id: int | None,
        actor: str,
        action: str,
        now: datetime,
        old: object = None,
        new: object = None,
    ) -> None:
        self.session.add(
            AuditEntry(
                group_id=group_id,
                at=now,
                actor=actor,
                action=action,
                old=None if old is None else str(old),
                new=None if new is None else str(new),
            )
        )

    def _flush_or_conflict(self, message: str) -> None:
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise Conflict(message) from exc
