"""Consent (issue 24): a mailing list gets scheduled mail only when a chair turns it on
(`channel_binding.list_mail`); Slack installations (bot and refresh tokens) encrypted at rest
with WGBOT_SECRET_KEY (storage/sealed.py). With installations stored and no key, the upgrade
stops with an error that names the variable: tokens are never left readable silently."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage import sealed

revision: str = "0015_consent"
down_revision: str | None = "0014_history_budget"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_installation = sa.table(
    "slack_installation", sa.column("id", sa.Integer), sa.column("data", sa.Text)
)


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_installation.c.id, _installation.c.data)).all()
    plain = [(row_id, data) for row_id, data in rows if not sealed.is_sealed(data)]
    if plain and not sealed.configured():  # before any change: nothing half-done
        raise sealed.SecretKeyError(
            f"{len(plain)} Slack installation(s) hold tokens in plain text: set "
            f"{sealed.VARIABLE} (`wgbot secrets key` makes one) and upgrade again to encrypt them."
        )
    with op.batch_alter_table("channel_binding") as batch:
        batch.add_column(
            sa.Column("list_mail", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    for row_id, data in plain:
        bind.execute(
            _installation.update()
            .where(_installation.c.id == row_id)
            .values(data=sealed.seal(data))
        )


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_installation.c.id, _installation.c.data)).all()
    for row_id, data in rows:
        if sealed.is_sealed(data):
            bind.execute(
                _installation.update()
                .where(_installation.c.id == row_id)
                .values(data=sealed.unseal(data))
            )
    with op.batch_alter_table("channel_binding") as batch:
        batch.drop_column("list_mail")
