"""slack_sdk's InstallationStore and OAuthStateStore over our own database (the SQL is in
storage/slack/repo.py), so every bot process behind one PostgreSQL sees every workspace."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.clock import Clock, system_clock
from storage.database import Database
from storage.slack.repo import SlackWorkspaceRepo

log = logging.getLogger(__name__)

STATE_SECONDS = 600  # an install started and not finished within 10 minutes starts over


def _keys(
    enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None
) -> tuple[str | None, str | None]:
    """An org-wide (Enterprise Grid) install is one installation for all its workspaces."""
    return enterprise_id, None if is_enterprise_install else team_id


class DatabaseInstallationStore(InstallationStore):
    """The latest installation per workspace; a reinstall replaces it, an uninstall (or all
    its tokens revoked) deletes it, and deliveries to that workspace stop."""

    def __init__(self, database: Database, client_id: str, clock: Clock = system_clock) -> None:
        self.database = database
        self.client_id = client_id
        self.clock = clock

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        enterprise_id, team_id = _keys(
            installation.enterprise_id, installation.team_id, installation.is_enterprise_install
        )
        data = json.dumps(vars(installation), default=str)
        with self.database.session() as session:
            SlackWorkspaceRepo(session).save_installation(
                self.client_id, enterprise_id, team_id, data, self.clock()
            )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        enterprise_id, team_id = _keys(enterprise_id, team_id, is_enterprise_install)
        with self.database.session(readonly=True) as session:
            data = SlackWorkspaceRepo(session).installation(self.client_id, enterprise_id, team_id)
        if data is None:
            return None
        values: dict[str, Any] = json.loads(data)
        installation = Installation(**values)
        if user_id is not None and installation.user_id != user_id:
            return None  # only bot installs are kept: no other person's token to give
        return installation

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        installation = self.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if installation is None or installation.bot_token is None:
            return None
        return installation.to_bot()

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self._delete(enterprise_id, team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if user_id is None:
            self._delete(enterprise_id, team_id)
        # A user's own token: none is kept (bot scopes only), so nothing to delete.

    def _delete(self, enterprise_id: str | None, team_id: str | None) -> None:
        with self.database.session() as session:
            repo = SlackWorkspaceRepo(session)
            now = self.clock()
            # Org-wide installs are keyed without the team: try the exact key, then the org's.
            deleted = repo.delete_installation(self.client_id, enterprise_id, team_id, now)
            if not deleted and enterprise_id is not None:
                repo.delete_installation(self.client_id, enterprise_id, None, now)


class DatabaseStateStore(OAuthStateStore):
    """OAuth `state` values: issued by the install page, consumed once by the redirect (any
    process may serve either), expired after STATE_SECONDS."""

    def __init__(
        self, database: Database, seconds: int = STATE_SECONDS, clock: Clock = system_clock
    ) -> None:
        self.database = database
        self.seconds = seconds
        self.clock = clock

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *_args: Any, **_kwargs: Any) -> str:
        state = uuid.uuid4().hex
        with self.database.session() as session:
            SlackWorkspaceRepo(session).issue_state(
                state, self.clock() + timedelta(seconds=self.seconds)
            )
        return state

    def consume(self, state: str) -> bool:
        with self.database.session() as session:
            return SlackWorkspaceRepo(session).consume_state(state, self.clock())
