"""The sponsor table: who sponsors which group, and where their commitment stands."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.ground.states import SponsorState


class Sponsor(SQLModel, table=True):
    __tablename__ = "sponsor"
    __table_args__ = (UniqueConstraint("group_id", "platform", "user_id", name="uq_sponsor"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=100)
    team_id: str | None = Field(default=None, max_length=32)  # as ChannelBinding.team_id
    enterprise_id: str | None = Field(default=None, max_length=32)
    display_name: str = Field(default="", max_length=200)
    state: str = Field(default=SponsorState.UNCONFIRMED.value, max_length=20)
    # Committed or snoozed until this moment; None for the other states.
    state_until: datetime | None = None
    assigned_by: str = Field(max_length=200)
    assigned_at: datetime
    updated_at: datetime
