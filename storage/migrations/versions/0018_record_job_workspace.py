"""record_job.workspace: which workspace's token (and history budget) reads a job

Revision ID: 0018_record_job_workspace
Revises: 0017_uptake
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018_record_job_workspace"
down_revision: str | None = "0017_uptake"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("record_job") as batch:
        batch.add_column(
            sa.Column(
                "workspace",
                sqlmodel.sql.sqltypes.AutoString(length=100),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("record_job") as batch:
        batch.drop_column("workspace")
