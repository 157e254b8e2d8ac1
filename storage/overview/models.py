"""Tables for the MAG's overview: liaisons to outside bodies, overlaps already reported, and
the chairs' mutes of coverage warnings.

Unique keys stop twins: one liaison per (group, normalised organisation), and one "reported"
mark per pair of groups, so two digest runs never announce the same overlap twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Liaison(SQLModel, table=True):
    """An outside body (IETF, GFCE, Council of Europe, an NRI …) a group works with."""

    __tablename__ = "liaison"
    __table_args__ = (UniqueConstraint("group_id", "org_key", name="uq_liaison"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    # Case-, space- and punctuation-folded name: "IETF", "ietf" and "I.E.T.F." are one body.
    org_key: str = Field(max_length=200, index=True)
    org_name: str = Field(max_length=200)
    contact: str | None = Field(default=None, max_length=300)
    added_by: str = Field(max_length=200)
    added_at: datetime


class ReportedOverlap(SQLModel, table=True):
    """A pair of groups whose topic overlap was already sent in the weekly digest."""

    __tablename__ = "reported_overlap"
    __table_args__ = (
        UniqueConstraint("group_a_id", "group_b_id", name="uq_reported_overlap"),
        CheckConstraint("group_a_id < group_b_id", name="ck_reported_overlap_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_a_id: int = Field(foreign_key="working_group.id")
    group_b_id: int = Field(foreign_key="working_group.id")
    score: float
    reported_at: datetime


class CoverageMute(SQLModel, table=True):
    """A chair silenced the weekly coverage warnings about one stakeholder group, with why."""

    __tablename__ = "coverage_mute"
    __table_args__ = (UniqueConstraint("group_id", "topic", name="uq_coverage_mute"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True)
    topic: str = Field(max_length=100)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    muted_by: str = Field(max_length=200)
    muted_by_name: str = Field(default="", max_length=200)
    muted_at: datetime
