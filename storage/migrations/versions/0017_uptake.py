"""outputs, their uptake, public pages and the MAG board's links (issue 27)

Revision ID: 0017_uptake
Revises: 0016_cycle
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017_uptake"
down_revision: str | None = "0016_cycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString
_T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "output",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("cycle_year", sa.Integer(), nullable=True),
        sa.Column("title", _S(length=300), nullable=False),
        sa.Column("url", _S(length=2000), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("added_by", _S(length=200), nullable=False),
        sa.Column("added_at", _T(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "number", name="uq_output_number"),
    )
    op.create_index(op.f("ix_output_group_id"), "output", ["group_id"])
    op.create_table(
        "uptake",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("output_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("body_key", _S(length=200), nullable=False),
        sa.Column("body_name", _S(length=200), nullable=False),
        sa.Column("url", _S(length=2000), nullable=False),
        sa.Column("status", _S(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", _S(length=200), nullable=False),
        sa.Column("recorded_by_name", _S(length=200), nullable=False),
        sa.Column("recorded_at", _T(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.ForeignKeyConstraint(["output_id"], ["output.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("output_id", "body_key", "url", name="uq_uptake"),
    )
    op.create_index(op.f("ix_uptake_output_id"), "uptake", ["output_id"])
    op.create_index(op.f("ix_uptake_group_id"), "uptake", ["group_id"])
    op.create_index(op.f("ix_uptake_body_key"), "uptake", ["body_key"])
    op.create_table(
        "public_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("published_by", _S(length=200), nullable=False),
        sa.Column("published_at", _T(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id"),
    )
    op.create_table(
        "board_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issued_to", _S(length=200), nullable=False),
        sa.Column("recipient", _S(length=200), nullable=False),
        sa.Column("issued_at", _T(), nullable=False),
        sa.Column("expires_at", _T(), nullable=False),
        sa.Column("revoked_at", _T(), nullable=True),
        sa.Column("revoked_by", _S(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("board_link")
    op.drop_table("public_page")
    op.drop_table("uptake")
    op.drop_table("output")
