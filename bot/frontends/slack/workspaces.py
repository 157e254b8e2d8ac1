"""Which token reaches a recipient: the token of the workspace its channel binding (or the
person's membership) was made in. One workspace: SLACK_BOT_TOKEN for all. Many (OAuth): each
workspace's bot token from the installation store; a workspace that uninstalled the app (or
revoked its tokens) has none, so nothing more is sent there."""

from __future__ import annotations

import threading

from slack_sdk import WebClient

from bot.core.ports import DeliveryError, Recipient, RecipientKind
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.settings import SlackSettings
from bot.frontends.slack.stores import DatabaseInstallationStore
from storage.database import Database
from storage.slack.repo import SlackWorkspaceRepo


class WorkspaceClients:
    def __init__(
        self, settings: SlackSettings, database: Database, *, wait_on_rate_limit: bool = False
    ) -> None:
        self.settings = settings
        self.database = database
        self.wait_on_rate_limit = wait_on_rate_limit
        self.default = (
            make_web_client(settings, wait_on_rate_limit=wait_on_rate_limit)
            if settings.slack_bot_token is not None
            else None
        )
        self.installations = (
            DatabaseInstallationStore(database, settings.slack_client_id)
            if settings.slack_oauth and settings.slack_client_id
            else None
        )
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def for_recipient(self, to: Recipient) -> WebClient:
        """Raises a permanent DeliveryError when no token may reach it (retrying won't help)."""
        return self.resolve(to)[0]

    def resolve(self, to: Recipient) -> tuple[WebClient, str]:
        """The client that reaches `to`, and its workspace as the history budget keys it (a
        team id, or the org's; "" for SLACK_BOT_TOKEN's one workspace)."""
        with self.database.session(readonly=True) as session:
            repo = SlackWorkspaceRepo(session)
            found = repo.of_channel(to.id) if to.kind is RecipientKind.CHANNEL else None
            if found is None:
                found = repo.of_user(to.id) if to.kind is RecipientKind.USER else None
        team, enterprise = found or (None, None)
        if (team is None and enterprise is None) or self.installations is None:
            if self.default is not None:
                return self.default, ""
            raise DeliveryError(
                f"No Slack workspace is known for {to.kind.value} {to.id} and SLACK_BOT_TOKEN "
                "is not set: type a command in its channel once, or set the token.",
                permanent=True,
            )
        bot = self.installations.find_bot(enterprise_id=enterprise, team_id=team)
        if bot is None and enterprise is not None:  # an org-wide (Enterprise Grid) install
            bot = self.installations.find_bot(
                enterprise_id=enterprise, team_id=team, is_enterprise_install=True
            )
        if bot is None:
            raise DeliveryError(
                f"wgbot is not installed in the Slack workspace {team or enterprise} (it was "
                f"uninstalled or its tokens revoked): reinstall it from "
                f"{self.settings.slack_install_path}.",
                permanent=True,
            )
        return self._client(bot.bot_token), team or enterprise or ""

    def _client(self, token: str) -> WebClient:
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                client = make_web_client(
                    self.settings, wait_on_rate_limit=self.wait_on_rate_limit, token=token
                )
                self._clients[token] = client
            return client
