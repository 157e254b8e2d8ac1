"""asks are numbered within their group

Revision ID: 0006_ask_number
Revises: 0005_slack
Create Date: 2026-11-22

Existing asks get their number in the order they were asked (a correlated count, which
SQLite and PostgreSQL both run), then the column becomes required and unique per group.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_ask_number"
down_revision: str | None = "0005_slack"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ask", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE ask SET number = (SELECT COUNT(*) FROM ask AS earlier "
        "WHERE earlier.group_id = ask.group_id AND earlier.id <= ask.id)"
    )
    with op.batch_alter_table("ask", schema=None) as batch_op:
        batch_op.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint("uq_ask_number", ["group_id", "number"])


def downgrade() -> None:
    with op.batch_alter_table("ask", schema=None) as batch_op:
        batch_op.drop_constraint("uq_ask_number", type_="unique")
        batch_op.drop_column("number")
