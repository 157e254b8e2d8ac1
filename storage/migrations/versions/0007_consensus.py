"""statements and votes

Revision ID: 0007_consensus
Revises: 0006_ask_number
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_consensus"
down_revision: str | None = "0006_ask_number"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("proposed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("proposed_by_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("proposed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("closed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "number", name="uq_statement_number"),
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_group_id"), ["group_id"], unique=False)
    op.create_table(
        "vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("voter", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("voter_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column(
            "stakeholder_group", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False
        ),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("choice", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("named", sa.Boolean(), nullable=False),
        sa.Column("cast_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("statement_id", "voter", name="uq_vote_voter"),
    )
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vote_statement_id"), ["statement_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_statement_id"))
        batch_op.drop_index(batch_op.f("ix_vote_group_id"))
    op.drop_table("vote")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_group_id"))
    op.drop_table("statement")
