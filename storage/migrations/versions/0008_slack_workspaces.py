"""slack workspaces: OAuth installations and states; team and enterprise ids on bindings,
members and sponsors

Revision ID: 0007_slack_workspaces
Revises: 0007_consensus
Create Date: 2026-12-04

Existing rows keep NULL team and enterprise ids: they belong to the single-workspace install
(SLACK_BOT_TOKEN), which is what every install was before this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_slack_workspaces"
down_revision: str | None = "0007_consensus"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORKSPACE_TABLES = ("channel_binding", "member", "sponsor")


def upgrade() -> None:
    op.create_table(
        "slack_installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("enterprise_key", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("team_key", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("installed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "client_id", "enterprise_key", "team_key", name="uq_slack_installation"
        ),
    )
    op.create_table(
        "slack_oauth_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("expire_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("state"),
    )
    with op.batch_alter_table("slack_oauth_state", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slack_oauth_state_expire_at"), ["expire_at"], unique=False
        )
    for table in WORKSPACE_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
            )
            batch_op.add_column(
                sa.Column(
                    "enterprise_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
                )
            )


def downgrade() -> None:
    for table in WORKSPACE_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("enterprise_id")
            batch_op.drop_column("team_id")
    with op.batch_alter_table("slack_oauth_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_oauth_state_expire_at"))
    op.drop_table("slack_oauth_state")
    op.drop_table("slack_installation")
