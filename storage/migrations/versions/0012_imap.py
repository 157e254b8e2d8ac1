"""the IMAP poller's cursor per mailbox (UIDVALIDITY, last UID) and its last poll

Revision ID: 0012_imap
Revises: 0011_record
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012_imap"
down_revision: str | None = "0011_record"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imap_mailbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.Column("last_poll_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_ok_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_fetched", sa.Integer(), nullable=False),
        sa.Column("last_failed", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("mailbox"),
    )


def downgrade() -> None:
    op.drop_table("imap_mailbox")
