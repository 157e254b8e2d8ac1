"""Statements put to a group and the members' votes on them (docs/consensus.md)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class StatementStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # a chair closed it: results frozen
    WITHDRAWN = "withdrawn"  # a chair took it back: not shown in drafts or exports


class Statement(SQLModel, table=True):
    __tablename__ = "statement"
    __table_args__ = (UniqueConstraint("group_id", "number", name="uq_statement_number"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    # Numbered within the group (#1, #2, …): what people type in `/wg vote N`.
    number: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    # Where it came from, e.g. "draft v3, recommendation 2"; None when typed.
    source: str | None = Field(default=None, max_length=200)
    proposed_by: str = Field(max_length=200)
    proposed_by_name: str = Field(default="", max_length=200)
    proposed_at: datetime
    # Votes are taken until the end of this day (the group's timezone); then frozen.
    closes_on: date | None = None
    status: str = Field(default=StatementStatus.OPEN.value, max_length=20)
    closed_by: str | None = Field(default=None, max_length=200)
    closed_at: datetime | None = None


class Vote(SQLModel, table=True):
    """One member's current vote on one statement; a second vote replaces the first (the
    unique key makes it one row per person whatever races)."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("statement_id", "voter", name="uq_vote_voter"),)

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", index=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    voter: str = Field(max_length=200)  # the member identity, platform:user_id
    voter_name: str = Field(default="", max_length=200)
    # The profile the member voted with (kept with the vote, as the record of that moment).
    stakeholder_group: str = Field(max_length=100)
    region: str | None = Field(default=None, max_length=100)
    choice: str = Field(max_length=20)
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The member allowed their name next to their reason; anonymous by group otherwise.
    named: bool = False
    cast_at: datetime
