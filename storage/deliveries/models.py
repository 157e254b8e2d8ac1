"""The scheduler's delivery table (one row per scheduled message, claimed before it is
sent)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class DeliveryStatus(StrEnum):
    SENDING = "sending"  # claimed by `claimed_by` until `lease_until`; maybe on the wire
    SENT = "sent"
    FAILED = "failed"  # nothing of it reached the platform; retried at `next_attempt_at`
    # It may be on the platform (a crashed or unanswered send, a lookup that could not tell):
    # at `next_attempt_at` the port looks it up (find_sent) and sends only if it is not there.
    UNKNOWN = "unknown"
    DEAD = "dead"  # gave up (permanent error or too many attempts); reported to the admins


class Delivery(SQLModel, table=True):
    """The delivery table. The unique key is what makes every scheduled message exactly-once: a
    sender must insert (and commit) this row before it may send."""

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("kind", "group_id", "recipient", "period", name="uq_delivery"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    recipient: str = Field(max_length=200)  # platform:user|channel:id
    period: str = Field(max_length=80)
    status: str = Field(default=DeliveryStatus.SENDING.value, max_length=20, index=True)
    attempts: int = 0
    claimed_by: str = Field(max_length=100)
    lease_until: datetime
    next_attempt_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None = None
    message_id: str | None = Field(default=None, max_length=200)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
