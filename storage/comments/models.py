"""Comment rounds on a draft: the numbered comments people sent and how the chairs answered
each (docs/cycle.md). Comments and reasons are people's words: forget and retention reach
them (storage/store_comments.py)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Disposition(StrEnum):
    ACCEPTED = "accepted"
    PARTLY = "partly"
    DECLINED = "declined"


class CommentRound(SQLModel, table=True):
    __tablename__ = "comment_round"
    __table_args__ = (UniqueConstraint("group_id", "number", name="uq_comment_round"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    number: int  # 1, 2 … within the group
    year: int | None = None  # the cycle it belongs to (None: the group had no cycle)
    draft_version: int  # the draft put out for comment (`v3`)
    # How many numbered items (paragraphs and recommendations) the posted draft had.
    items: int
    closes_on: date  # comments are taken until the end of this day (the group's timezone)
    status: str = Field(default=RoundStatus.OPEN.value, max_length=10)
    opened_by: str = Field(max_length=200)
    opened_at: datetime
    closed_at: datetime | None = None


class Comment(SQLModel, table=True):
    __tablename__ = "comment"
    __table_args__ = (UniqueConstraint("group_id", "number", name="uq_comment_number"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    round_id: int = Field(foreign_key="comment_round.id", index=True)
    number: int  # C: what chairs type in `/wg disposition C …`
    item: int  # the paragraph or recommendation it is about; 0 = general
    text: str = Field(sa_column=Column(Text, nullable=False))
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=100)
    author_name: str = Field(default="", max_length=200)
    stakeholder_group: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    via: str = Field(max_length=20)  # slack, discord, console, email
    at: datetime
    disposition: str | None = Field(default=None, max_length=10)
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    answered_by: str | None = Field(default=None, max_length=200)
    answered_at: datetime | None = None
