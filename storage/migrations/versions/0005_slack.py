"""slack event dedupe

Revision ID: 0005_slack
Revises: 0004_scheduler
Create Date: 2026-11-22 10:26:22.914708
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_slack"
down_revision: str | None = "0004_scheduler"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "slack_event_seen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("slack_event_seen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_event_seen_seen_at"), ["seen_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("slack_event_seen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_event_seen_seen_at"))

    op.drop_table("slack_event_seen")
