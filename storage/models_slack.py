"""Slack's own bookkeeping: event ids already processed, so a redelivered event
(X-Slack-Retry-Num) is counted once even when another bot process got the first delivery."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class SlackEventSeen(SQLModel, table=True):
    __tablename__ = "slack_event_seen"

    id: int | None = Field(default=None, primary_key=True)
    # Slack's event_id (Ev…) is unique per workspace delivery: a twin is a redelivery.
    event_id: str = Field(max_length=100, unique=True)
    seen_at: datetime = Field(index=True)
