"""A platform's history budget, shared by every process of a deployment: when the next call
of a method may go for one workspace, and the page size the platform serves it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class HistoryBudget(SQLModel, table=True):
    __tablename__ = "history_budget"
    __table_args__ = (
        UniqueConstraint("platform", "workspace", "method", name="uq_history_budget"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    workspace: str = Field(max_length=100)  # a Slack team id ("" for the one token's)
    method: str = Field(max_length=60)  # "conversations.history", "conversations.replies"
    next_at: datetime  # no call before this (Retry-After pushes it back)
    interval: float  # seconds between calls (steps down when a page comes back capped)
    per_call: int  # messages a call asks for
