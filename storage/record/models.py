"""The discussion record: every person's message of a bound channel, once, as neutral text.

One record for every front end. Voices heard and /summarize both read it, so they never
disagree. `text` is None when the words may not be kept (the channel opted out, the author
used `/wg forget me`, the retention period passed): the row then only says who spoke when,
which is what voices heard counts.

Completeness is known, not guessed: `record_listener` says when a bot process was receiving
events, `record_span` which periods were read from the platform's history; what neither
covers is a gap that `/summarize` and the backfill fill, one paced call at a time, from a
`record_job` whose cursor survives a restart.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class RecordMessage(SQLModel, table=True):
    __tablename__ = "record_message"
    __table_args__ = (
        # Slack ts is unique within a channel, a Discord snowflake everywhere: (platform,
        # message_id) leads so that Discord's edits and deletes (id only) use this index too.
        UniqueConstraint("platform", "message_id", "channel_id", name="uq_record_message"),
        Index("ix_record_message_thread", "platform", "channel_id", "thread_id", "at"),
        Index("ix_record_message_period", "platform", "channel_id", "at"),
        Index("ix_record_message_group_at", "group_id", "at"),
        Index("ix_record_message_author", "group_id", "platform", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id")
    platform: str = Field(max_length=20)
    channel_id: str = Field(max_length=100)
    thread_id: str | None = Field(default=None, max_length=100)
    message_id: str = Field(max_length=100)
    user_id: str = Field(max_length=100)
    user_name: str = Field(default="", max_length=200)
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    at: datetime
    edited_at: datetime | None = None
    permalink: str | None = Field(default=None, max_length=500)


class RecordListener(SQLModel, table=True):
    """One bot process receiving a platform's events, from start to its last sign of life."""

    __tablename__ = "record_listener"

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20, index=True)
    started_at: datetime
    alive_at: datetime


class RecordSpan(SQLModel, table=True):
    """A period of one channel (thread_id "") or one thread read whole from history."""

    __tablename__ = "record_span"
    __table_args__ = (Index("ix_record_span_channel", "platform", "channel_id", "thread_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    channel_id: str = Field(max_length=100)
    thread_id: str = Field(default="", max_length=100)
    start: datetime
    end: datetime


class JobState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class RecordJob(SQLModel, table=True):
    """Filling gaps of the record from a platform's history: the periods to read, where the
    reading stands (`gap_index`, `cursor`), and what to do when done (`request`: the
    /summarize to run again and deliver, as JSON; None for a backfill)."""

    __tablename__ = "record_job"
    __table_args__ = (Index("ix_record_job_state", "platform", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    platform: str = Field(max_length=20)
    # Whose token and history budget read it: a Slack team id on an OAuth install ("" for
    # the one token's, and for platforms with one budget).
    workspace: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    channel_id: str = Field(max_length=100)
    kind: str = Field(max_length=20)  # "summary" or "backfill"
    gaps: str = Field(sa_column=Column(Text, nullable=False))  # JSON list of periods
    gap_index: int = 0
    cursor: str | None = Field(default=None, max_length=500)
    fetched: int = 0
    expected: int | None = None
    calls: int = 0
    state: str = Field(default=JobState.PENDING.value, max_length=20)
    request: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    note: str | None = Field(default=None, max_length=500)
    created_by: str = Field(max_length=200)
    created_at: datetime
    updated_at: datetime
    lease_holder: str | None = Field(default=None, max_length=100)
    lease_until: datetime | None = None


class RecordForget(SQLModel, table=True):
    """`/wg forget me`: this person's words before `forgotten_at` are never kept again in
    this group's record, even when history reads bring the message back."""

    __tablename__ = "record_forget"
    __table_args__ = (UniqueConstraint("group_id", "platform", "user_id", name="uq_record_forget"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id")
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=100)
    forgotten_at: datetime
