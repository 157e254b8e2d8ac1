"""people across groups: their own and their platform's timezone

Revision ID: 0013_people
Revises: 0012_email
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013_people"
down_revision: str | None = "0012_email"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("timezone_source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("platform_timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("platform_timezone_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "user_id", name="uq_person"),
    )


def downgrade() -> None:
    op.drop_table("person")
