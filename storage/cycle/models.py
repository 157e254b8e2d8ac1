"""The IGF cycle: the MAG's yearly meeting date, which cycle each group is in, the chairs'
moves and marks on its milestones, and the members' answers when a group rolls over
(docs/cycle.md)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class Cycle(SQLModel, table=True):
    """One year's cycle, set by a MAG admin: every group's default milestones are counted
    back from its meeting date."""

    __tablename__ = "cycle"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(unique=True)
    meeting: date
    set_by: str = Field(max_length=200)
    set_at: datetime


class GroupCycle(SQLModel, table=True):
    """A group's place in a cycle. A group without a row follows the newest cycle; setting a
    newer cycle pins the groups to the one they were in, until a chair rolls them over."""

    __tablename__ = "group_cycle"
    __table_args__ = (UniqueConstraint("group_id", "year", name="uq_group_cycle"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    year: int
    # Reminders of the members' milestones also go to the group's mailing lists.
    list_reminders: bool = False
    # Set when the group rolled over to the next cycle: from then on this year is read-only.
    closed_at: datetime | None = None
    closed_by: str | None = Field(default=None, max_length=200)


class MilestoneMark(SQLModel, table=True):
    """A chair's move (`due`) or mark (`done_on`) on one of a group's milestones in one
    cycle; the other milestones keep the cycle's defaults."""

    __tablename__ = "milestone_mark"
    __table_args__ = (UniqueConstraint("group_id", "year", "key", name="uq_milestone_mark"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    year: int
    key: str = Field(max_length=40)
    due: date | None = None
    done_on: date | None = None
    updated_by: str = Field(max_length=200)
    updated_at: datetime


class RenewalAnswer(StrEnum):
    YES = "yes"
    NO = "no"


class Renewal(SQLModel, table=True):
    """A member asked "continue in YEAR?" at a rollover. No answer within the window: lapsed
    (out of coverage; the membership and its history stay)."""

    __tablename__ = "renewal"
    __table_args__ = (
        UniqueConstraint("group_id", "year", "platform", "user_id", name="uq_renewal"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    year: int  # the cycle they are asked to continue in
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=100)
    asked_at: datetime
    answer: str | None = Field(default=None, max_length=10)
    answered_at: datetime | None = None
