"""data generation: one counter of committed write transactions, for read caches

Revision ID: 0009_data_generation
Revises: 0007_slack_workspaces
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_data_generation"
down_revision: str | None = "0007_slack_workspaces"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO data_generation (id, n) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("data_generation")
