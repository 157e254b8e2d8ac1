"""Tables of the summarizer: versioned drafts, per-channel opt-out, the one-at-a-time lock.

What was sent to an LLM endpoint is recorded in the audit log (counts, never the text).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class DraftStatus(StrEnum):
    DRAFT = "draft"  # shown to the chair only
    POSTED = "posted"  # posted to the channel
    DISCARDED = "discarded"


class DraftRecord(SQLModel, table=True):
    """One version of a group's draft recommendations (Markdown and the structured body)."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("group_id", "version", name="uq_draft_version"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    version: int
    status: str = Field(default=DraftStatus.DRAFT.value, max_length=20)
    created_by: str = Field(max_length=200)
    created_at: datetime
    source: str = Field(default="", max_length=500)
    message_count: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    model: str = Field(max_length=200)
    offline: bool = False
    language: str = Field(default="en", max_length=20)
    tokens_in: int = 0
    tokens_out: int = 0
    body_json: str = Field(sa_column=Column(Text, nullable=False))
    markdown: str = Field(sa_column=Column(Text, nullable=False))


class SummarizeOptOut(SQLModel, table=True):
    """A channel whose discussion may not be sent to the summarizer (`/wg summaries off`)."""

    __tablename__ = "summarize_opt_out"
    __table_args__ = (UniqueConstraint("platform", "channel_id", name="uq_summarize_opt_out"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    platform: str = Field(max_length=20)
    channel_id: str = Field(max_length=100)
    set_by: str = Field(max_length=200)
    set_at: datetime


class SummaryLock(SQLModel, table=True):
    """Claimed while a summary of a group runs: one at a time per group, across processes."""

    __tablename__ = "summary_lock"

    group_id: int = Field(foreign_key="working_group.id", primary_key=True)
    holder: str = Field(max_length=200)
    started_at: datetime
