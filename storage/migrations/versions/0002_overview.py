"""overview: liaisons (unique per group and normalised body) and overlaps already reported

Revision ID: 0002_overview
Revises: 0001_initial
Create Date: 2026-11-22 10:26:28.827648
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_overview"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "liaison",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("org_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("org_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_group.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "org_key", name="uq_liaison"),
    )
    with op.batch_alter_table("liaison", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_liaison_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_liaison_org_key"), ["org_key"], unique=False)

    op.create_table(
        "reported_overlap",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_a_id", sa.Integer(), nullable=False),
        sa.Column("group_b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("group_a_id < group_b_id", name="ck_reported_overlap_order"),
        sa.ForeignKeyConstraint(
            ["group_a_id"],
            ["working_group.id"],
        ),
        sa.ForeignKeyConstraint(
            ["group_b_id"],
            ["working_group.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_a_id", "group_b_id", name="uq_reported_overlap"),
    )


def downgrade() -> None:
    op.drop_table("reported_overlap")
    with op.batch_alter_table("liaison", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_liaison_org_key"))
        batch_op.drop_index(batch_op.f("ix_liaison_group_id"))

    op.drop_table("liaison")
