"""People across groups: what is known of a person on one platform, whatever group they are
in (today their timezone, for the nudges they get)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class TimezoneSource(StrEnum):
    SELF = "self"  # the person typed `/wg timezone`
    CHAIR = "chair"  # a chair gave it when naming them sponsor (`tz:`); theirs wins over it


class Person(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_person"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=100)
    # Set by a person (or for them): comes first.
    timezone: str | None = Field(default=None, max_length=64)
    timezone_source: str | None = Field(default=None, max_length=20)
    # What the platform says (Slack users.info `tz`), learnt off the ack path.
    platform_timezone: str | None = Field(default=None, max_length=64)
    platform_timezone_at: datetime | None = None
    updated_at: datetime
