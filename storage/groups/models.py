"""The group aggregate's tables. Datetimes are aware UTC (SQLModel's UTCDateTime), also on SQLite.

Unique constraints stand wherever a twin would be wrong, so two bot processes racing on one
database cannot create one (the loser gets an IntegrityError, turned into a clear reply).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class MemberRole(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"


class AskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class WorkingGroup(SQLModel, table=True):
    __tablename__ = "working_group"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # Lower-cased, whitespace-folded name: two groups may not differ only in case.
    name_key: str = Field(max_length=200, unique=True)
    format: str = Field(max_length=50)
    goal: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    deadline: date | None = None
    timezone: str = Field(default="UTC", max_length=64)
    created_by: str = Field(max_length=200)
    created_at: datetime


class ChannelBinding(SQLModel, table=True):
    __tablename__ = "channel_binding"
    __table_args__ = (UniqueConstraint("platform", "channel_id", name="uq_channel_binding"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    platform: str = Field(max_length=20)
    channel_id: str = Field(max_length=100)
    # The workspace it lives in (Slack team, Enterprise Grid org): which token delivers to it.
    # NULL: the single-workspace install (SLACK_BOT_TOKEN), and on platforms without them.
    team_id: str | None = Field(default=None, max_length=32)
    enterprise_id: str | None = Field(default=None, max_length=32)
    bound_by: str = Field(max_length=200)
    bound_at: datetime
    # A mailing list (email platform) gets the scheduled reminders (deadline, coverage, votes)
    # only when a chair turned it on (`/wg list mail on`); else they go to its members.
    list_mail: bool = False


class Member(SQLModel, table=True):
    __tablename__ = "member"
    __table_args__ = (UniqueConstraint("group_id", "platform", "user_id", name="uq_member"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=100)
    team_id: str | None = Field(default=None, max_length=32)  # as ChannelBinding.team_id
    enterprise_id: str | None = Field(default=None, max_length=32)
    display_name: str = Field(default="", max_length=200)
    stakeholder_group: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    role: str = Field(default=MemberRole.MEMBER.value, max_length=20)
    joined_at: datetime


class CharterAnswer(SQLModel, table=True):
    __tablename__ = "charter_answer"
    __table_args__ = (UniqueConstraint("group_id", "question", name="uq_charter_answer"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    question: int  # 1..10
    answer: str = Field(sa_column=Column(Text, nullable=False))
    answered_by: str = Field(max_length=200)
    answered_by_name: str = Field(default="", max_length=200)
    answered_at: datetime


class Ask(SQLModel, table=True):
    __tablename__ = "ask"
    __table_args__ = (UniqueConstraint("group_id", "number", name="uq_ask_number"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    # Numbered within the group (#1, #2, …): what people type in `/wg done N`.
    number: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    asked_by: str = Field(max_length=200)
    asked_by_name: str = Field(default="", max_length=200)
    asked_at: datetime
    status: str = Field(default=AskStatus.OPEN.value, max_length=20)
    closed_by: str | None = Field(default=None, max_length=200)
    closed_at: datetime | None = None


class Participation(SQLModel, table=True):
    """Voices heard: messages per person per week in a group's channels (never the text)."""

    __tablename__ = "participation"
    __table_args__ = (
        UniqueConstraint("group_id", "platform", "user_id", "week_start", name="uq_participation"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=100)
    week_start: date
    messages: int = 0
