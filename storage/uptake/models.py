"""Outputs and their uptake (issue 27): what a group published, and the evidence that an
outside body cited, adopted or implemented it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

MAX_TITLE = 300
MAX_URL = 2000


class UptakeStatus(StrEnum):
    """How far a body went with an output, weakest first."""

    CITED = "cited"
    ADOPTED = "adopted"
    IMPLEMENTED = "implemented"


class Output(SQLModel, table=True):
    """A published output of a group (a report, a policy brief), numbered per group."""

    __tablename__ = "output"
    __table_args__ = (UniqueConstraint("group_id", "number", name="uq_output_number"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    number: int
    # The IGF cycle (its year) the output was made in.
    cycle_year: int | None = None
    title: str = Field(max_length=MAX_TITLE)
    url: str = Field(max_length=MAX_URL)
    published_on: date | None = None
    added_by: str = Field(max_length=200)
    added_at: datetime


class Uptake(SQLModel, table=True):
    """Evidence that an outside body used an output. The body is kept as typed and as its
    look-alike-proof key (bot/domain/organisations.py), so it matches the group's liaison of
    that body whenever one exists, also one added later."""

    __tablename__ = "uptake"
    __table_args__ = (UniqueConstraint("output_id", "body_key", "url", name="uq_uptake"),)

    id: int | None = Field(default=None, primary_key=True)
    output_id: int = Field(foreign_key="output.id", index=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    body_key: str = Field(max_length=200, index=True)
    body_name: str = Field(max_length=200)
    url: str = Field(max_length=MAX_URL)
    status: str = Field(default=UptakeStatus.CITED.value, max_length=20)
    # A person's words: forgotten with them (storage/store_uptake.py, forget_author).
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    recorded_by: str = Field(max_length=200)
    recorded_by_name: str = Field(default="", max_length=200)
    recorded_at: datetime
