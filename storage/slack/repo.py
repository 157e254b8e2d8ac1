"""Slack workspaces: OAuth installations, install states, and which workspace a channel or a
person belongs to (for the token a delivery must use). Only SQL; the slack_sdk interfaces
over it live in bot/frontends/slack/stores.py."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, col, delete, select

from storage import sealed
from storage.base import _Repo
from storage.groups.models import ChannelBinding, Member
from storage.slack.models import SlackEventSeen, SlackInstallation, SlackOAuthState
from storage.sponsors.models import Sponsor

Workspace = tuple[str | None, str | None]  # (team_id, enterprise_id)


class SlackWorkspaceRepo(_Repo):
    # -- installations ----------------------------------------------------------------------

    def save_installation(
        self,
        client_id: str,
        enterprise_id: str | None,
        team_id: str | None,
        data: str,
        now: datetime,
    ) -> None:
        """The latest installation per workspace: a reinstall replaces the row. `data` holds
        the tokens: it is stored encrypted (storage/sealed.py)."""
        data = sealed.seal(data)
        row = self._installation_row(client_id, enterprise_id, team_id)
        if row is None:
            row = SlackInstallation(
                client_id=client_id,
                enterprise_key=enterprise_id or "",
                team_key=team_id or "",
                data=data,
                installed_at=now,
            )
        row.data, row.installed_at = data, now
        self.session.add(row)
        self._audit(None, "slack:oauth", "slack.install", now, new=f"{enterprise_id}/{team_id}")

    def installation(
        self, client_id: str, enterprise_id: str | None, team_id: str | None
    ) -> str | None:
        row = self._installation_row(client_id, enterprise_id, team_id)
        return sealed.unseal(row.data) if row is not None else None

    def delete_installation(
        self, client_id: str, enterprise_id: str | None, team_id: str | None, now: datetime
    ) -> bool:
        row = self._installation_row(client_id, enterprise_id, team_id)
        if row is None:
            return False
        self.session.delete(row)
        self._audit(None, "slack:oauth", "slack.uninstall", now, old=f"{enterprise_id}/{team_id}")
        return True

    def installed_teams(self, client_id: str) -> list[Workspace]:
        rows = self.session.exec(
            select(SlackInstallation).where(SlackInstallation.client_id == client_id)
        )
        return [(r.team_key or None, r.enterprise_key or None) for r in rows]

    def _installation_row(
        self, client_id: str, enterprise_id: str | None, team_id: str | None
    ) -> SlackInstallation | None:
        return self.session.exec(
            select(SlackInstallation).where(
                SlackInstallation.client_id == client_id,
                SlackInstallation.enterprise_key == (enterprise_id or ""),
                SlackInstallation.team_key == (team_id or ""),
            )
        ).first()

    # -- OAuth state ------------------------------------------------------------------------

    def issue_state(self, state: str, expire_at: datetime) -> None:
        self.session.add(SlackOAuthState(state=state, expire_at=expire_at))

    def consume_state(self, state: str, now: datetime) -> bool:
        """True once for a state issued here and not expired; it is gone afterwards."""
        row = self.session.exec(
            select(SlackOAuthState).where(SlackOAuthState.state == state).with_for_update()
        ).first()
        self.session.exec(delete(SlackOAuthState).where(col(SlackOAuthState.expire_at) < now))
        if row is None or row.expire_at < now:
            return False
        self.session.delete(row)
        return True

    # -- where things live ------------------------------------------------------------------

    def of_channel(self, channel_id: str) -> Workspace | None:
        """The workspace a bound Slack channel belongs to; None if unbound, (None, None) for
        a binding made before workspaces were recorded (the single-workspace install)."""
        row = self.session.exec(
            select(ChannelBinding).where(
                ChannelBinding.platform == "slack", ChannelBinding.channel_id == channel_id
            )
        ).first()
        return (row.team_id, row.enterprise_id) if row is not None else None

    def of_user(self, user_id: str) -> Workspace | None:
        """The workspace a Slack person was last seen in as a sponsor or member (Slack user
        ids are unique across workspaces)."""
        for model in (Sponsor, Member):
            row = self.session.exec(
                select(model.team_id, model.enterprise_id)
                .where(model.platform == "slack", model.user_id == user_id)
                .order_by(col(model.team_id).is_(None), col(model.id).desc())
            ).first()
            if row is not None:
                return (row[0], row[1])
        return None


class SlackEventRepo(_Repo):
    """Slack event ids already handled (redeliveries are dropped)."""

    def claim(self, event_id: str, now: datetime) -> bool:
        """True the first time an event id is seen; an atomic insert-or-ignore, so two
        processes receiving the same redelivered event count it once."""
        table = SQLModel.metadata.tables[SlackEventSeen.__tablename__]
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        stmt = (
            insert(table)
            .values(event_id=event_id, seen_at=now)
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(table.c.id)  # rowcount is -1 under psycopg 3; RETURNING is exact
        )
        return self.session.exec(stmt).first() is not None

    def forget_before(self, cutoff: datetime) -> None:
        """Drop ids older than Slack's retry window (the table stays small)."""
        table = SQLModel.metadata.tables[SlackEventSeen.__tablename__]
        self.session.exec(table.delete().where(table.c.seen_at < cutoff))
