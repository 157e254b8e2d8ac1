"""The repository of the delivery table (storage/deliveries/models.py).

Every state change of a delivery is a compare-and-set (an UPDATE guarded by the owner and the
status it expects), so two scheduler processes can never both believe they own one message.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, col, select

from storage.base import _Repo
from storage.deliveries.models import Delivery, DeliveryStatus

DeliveryKey = tuple[str, int, str, str]  # kind, group_id, recipient, period


class DeliveryRepo(_Repo):
    def claim(
        self, key: DeliveryKey, owner: str, now: datetime, lease_until: datetime
    ) -> int | None:
        """Insert the claim row; its id if this caller won the key, None if it existed.

        The caller must commit before sending: the committed row is the claim."""
        kind, group_id, recipient, period = key
        table = SQLModel.metadata.tables[Delivery.__tablename__]
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        stmt = (
            insert(table)
            .values(
                kind=kind,
                group_id=group_id,
                recipient=recipient,
                period=period,
                status=DeliveryStatus.SENDING.value,
                attempts=0,
                claimed_by=owner,
                lease_until=lease_until,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["kind", "group_id", "recipient", "period"])
            .returning(table.c.id)
        )
        row = self.session.exec(stmt).first()
        return None if row is None else int(row[0])

    def get(self, delivery_id: int) -> Delivery | None:
        return self.session.get(Delivery, delivery_id)

    def by_key(self, key: DeliveryKey) -> Delivery | None:
        kind, group_id, recipient, period = key
        stmt = select(Delivery).where(
            Delivery.kind == kind,
            Delivery.group_id == group_id,
            Delivery.recipient == recipient,
            Delivery.period == period,
        )
        return self.session.exec(stmt).first()

    def keys_since(self, since: datetime) -> set[DeliveryKey]:
        """Keys claimed recently: the planner skips them instead of re-inserting."""
        stmt = select(Delivery.kind, Delivery.group_id, Delivery.recipient, Delivery.period).where(
            Delivery.created_at >= since
        )
        return {(k, g, r, p) for k, g, r, p in self.session.exec(stmt)}

    def retry_due(self, now: datetime) -> list[Delivery]:
        """Failed rows and rows whose fate is unknown, once their wait is over."""
        waiting = (DeliveryStatus.FAILED.value, DeliveryStatus.UNKNOWN.value)
        stmt = select(Delivery).where(
            col(Delivery.status).in_(waiting),
            col(Delivery.next_attempt_at) <= now,
        )
        return list(self.session.exec(stmt.order_by(col(Delivery.id))))

    def lease_expired(self, now: datetime) -> list[Delivery]:
        stmt = select(Delivery).where(
            Delivery.status == DeliveryStatus.SENDING.value, col(Delivery.lease_until) < now
        )
        return list(self.session.exec(stmt.order_by(col(Delivery.id))))

    def dead_since(self, since: datetime) -> list[Delivery]:
        stmt = select(Delivery).where(
            Delivery.status == DeliveryStatus.DEAD.value, col(Delivery.updated_at) >= since
        )
        return list(self.session.exec(stmt.order_by(col(Delivery.id))))

    def take_over(
        self, row: Delivery, owner: str, now: datetime, lease_until: datetime, attempts: int
    ) -> bool:
        """Compare-and-set: become the owner of a failed or abandoned row, as read; an
        abandoned row's crashed try is counted in `attempts`."""
        stmt = (
            update(Delivery)
            .where(
                col(Delivery.id) == row.id,
                col(Delivery.status) == row.status,
                col(Delivery.claimed_by) == row.claimed_by,
                col(Delivery.attempts) == row.attempts,
                col(Delivery.updated_at) == row.updated_at,
            )
            .values(
                status=DeliveryStatus.SENDING.value,
                claimed_by=owner,
                lease_until=lease_until,
                updated_at=now,
                attempts=attempts,
            )
        )
        return bool(self.session.exec(stmt).rowcount == 1)

    def mark_sent(self, delivery_id: int, owner: str, message_id: str, now: datetime) -> bool:
        stmt = (
            update(Delivery)
            .where(
                col(Delivery.id) == delivery_id,
                col(Delivery.claimed_by) == owner,
                col(Delivery.status) == DeliveryStatus.SENDING.value,
            )
            .values(
                status=DeliveryStatus.SENT.value,
                message_id=message_id[:200],
                sent_at=now,
                updated_at=now,
                attempts=Delivery.attempts + 1,
            )
        )
        return bool(self.session.exec(stmt).rowcount == 1)

    def mark_failed(
        self,
        delivery_id: int,
        owner: str,
        error: str,
        now: datetime,
        next_attempt_at: datetime | None,
        *,
        count: bool = True,
        maybe_sent: bool = False,
    ) -> bool:
        """Record a failed attempt: retried at `next_attempt_at`, or dead when it is None.
        `maybe_sent`: the message may be on the platform, so the retry looks it up first."""
        waiting = DeliveryStatus.UNKNOWN if maybe_sent else DeliveryStatus.FAILED
        status = waiting if next_attempt_at else DeliveryStatus.DEAD
        stmt = (
            update(Delivery)
            .where(
                col(Delivery.id) == delivery_id,
                col(Delivery.claimed_by) == owner,
                col(Delivery.status) == DeliveryStatus.SENDING.value,
            )
            .values(
                status=status.value,
                last_error=error[:2000],
                next_attempt_at=next_attempt_at,
                updated_at=now,
                attempts=Delivery.attempts + (1 if count else 0),
            )
        )
        return bool(self.session.exec(stmt).rowcount == 1)

    def sent_since(self, kind: str, group_id: int, recipient: str, since: datetime) -> int:
        """How many `kind` messages reached `recipient` for this group after `since`."""
        stmt = (
            select(func.count())
            .select_from(Delivery)
            .where(
                Delivery.kind == kind,
                Delivery.group_id == group_id,
                Delivery.recipient == recipient,
                Delivery.status == DeliveryStatus.SENT.value,
                col(Delivery.sent_at) > since,
            )
        )
        return int(self.session.exec(stmt).one())

    def by_message_id(self, message_id: str) -> Delivery | None:
        """The delivery that went out as this platform message (an email reply names it)."""
        stmt = select(Delivery).where(Delivery.message_id == message_id[:200]).limit(1)
        return self.session.exec(stmt).first()

    def all(self) -> list[Delivery]:
        return list(self.session.exec(select(Delivery).order_by(col(Delivery.id))))
