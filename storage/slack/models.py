"""Slack's own bookkeeping: event ids already processed, so a redelivered event
(X-Slack-Retry-Num) is counted once even when another bot process got the first delivery;
the workspaces that installed the app (OAuth v2) and the install flows in progress."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class SlackEventSeen(SQLModel, table=True):
    __tablename__ = "slack_event_seen"

    id: int | None = Field(default=None, primary_key=True)
    # Slack's event_id (Ev…) is unique per workspace delivery: a twin is a redelivery.
    event_id: str = Field(max_length=100, unique=True)
    seen_at: datetime = Field(index=True)


class SlackInstallation(SQLModel, table=True):
    """One workspace (or Enterprise Grid org) that installed the app through OAuth: the latest
    installation only (a reinstall replaces it). `data` is slack_sdk's Installation as JSON,
    bot token included (protect the database as you would the token)."""

    __tablename__ = "slack_installation"
    __table_args__ = (
        UniqueConstraint("client_id", "enterprise_key", "team_key", name="uq_slack_installation"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(max_length=100)
    # '' when absent: a unique key must not hold NULLs (they never collide).
    enterprise_key: str = Field(default="", max_length=32)
    team_key: str = Field(default="", max_length=32)
    data: str = Field(sa_column=Column(Text, nullable=False))
    installed_at: datetime


class SlackOAuthState(SQLModel, table=True):
    """The OAuth `state` of an install in progress: issued once, consumed once, expires."""

    __tablename__ = "slack_oauth_state"

    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(max_length=200, unique=True)
    expire_at: datetime = Field(index=True)
