"""the IGF cycle: meeting dates, group cycles, milestones, renewals, comment rounds

Revision ID: 0016_cycle
Revises: 0015_consent
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016_cycle"
down_revision: str | None = "0015_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
UTC = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("meeting", sa.Date(), nullable=False),
        sa.Column("set_by", S(length=200), nullable=False),
        sa.Column("set_at", UTC(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year"),
    )
    op.create_table(
        "group_cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("list_reminders", sa.Boolean(), nullable=False),
        sa.Column("closed_at", UTC(), nullable=True),
        sa.Column("closed_by", S(length=200), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "year", name="uq_group_cycle"),
    )
    op.create_index("ix_group_cycle_group_id", "group_cycle", ["group_id"])
    op.create_table(
        "milestone_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("key", S(length=40), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("updated_by", S(length=200), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "year", "key", name="uq_milestone_mark"),
    )
    op.create_index("ix_milestone_mark_group_id", "milestone_mark", ["group_id"])
    op.create_table(
        "renewal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("platform", S(length=20), nullable=False),
        sa.Column("user_id", S(length=100), nullable=False),
        sa.Column("asked_at", UTC(), nullable=False),
        sa.Column("answer", S(length=10), nullable=True),
        sa.Column("answered_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "year", "platform", "user_id", name="uq_renewal"),
    )
    op.create_index("ix_renewal_group_id", "renewal", ["group_id"])
    op.create_table(
        "comment_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("draft_version", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("status", S(length=10), nullable=False),
        sa.Column("opened_by", S(length=200), nullable=False),
        sa.Column("opened_at", UTC(), nullable=False),
        sa.Column("closed_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "number", name="uq_comment_round"),
    )
    op.create_index("ix_comment_round_group_id", "comment_round", ["group_id"])
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("platform", S(length=20), nullable=False),
        sa.Column("user_id", S(length=100), nullable=False),
        sa.Column("author_name", S(length=200), nullable=False),
        sa.Column("stakeholder_group", S(length=100), nullable=True),
        sa.Column("region", S(length=100), nullable=True),
        sa.Column("via", S(length=20), nullable=False),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("disposition", S(length=10), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("answered_by", S(length=200), nullable=True),
        sa.Column("answered_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["working_group.id"]),
        sa.ForeignKeyConstraint(["round_id"], ["comment_round.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "number", name="uq_comment_number"),
    )
    op.create_index("ix_comment_group_id", "comment", ["group_id"])
    op.create_index("ix_comment_round_id", "comment", ["round_id"])


def downgrade() -> None:
    for table in ("comment", "comment_round", "renewal", "milestone_mark", "group_cycle"):
        op.drop_table(table)
    op.drop_table("cycle")
