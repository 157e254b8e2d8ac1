"""The Slack front end's settings section (docs/slack.md), with the platform's usual variable
names, and the one list of scopes the bot asks of a workspace."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings

from bot.core.settings import SECTION_CONFIG, CommaList, section, split_commas

# What the bot asks of a workspace (the manifests and the OAuth install use this one list).
SLACK_BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "users:read",
    "channels:history",
    "groups:history",
    "im:history",  # the scheduler finds a nudge it sent to a DM before a crash (find_sent)
    "channels:read",  # member_joined_channel: the bot invited back (the record's backfill)
    "groups:read",
    "files:write",
)


class SlackSettings(BaseSettings):
    """One workspace (SLACK_BOT_TOKEN) or many (SLACK_CLIENT_ID and SECRET: OAuth)."""

    model_config = SECTION_CONFIG

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str | None = None
    # Many workspaces: Slack's OAuth v2 install flow (HTTP mode), see docs/slack.md.
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_scopes: CommaList = Field(default_factory=lambda: list(SLACK_BOT_SCOPES))
    slack_install_path: str = "/slack/install"
    slack_redirect_uri_path: str = "/slack/oauth_redirect"
    slack_redirect_uri: str | None = None
    # Slack's history budget for this install (bot/frontends/slack/budget.py): internal,
    # marketplace or unlisted; unset, a single-token install is internal, OAuth unlisted.
    wgbot_slack_history_budget: Literal["internal", "marketplace", "unlisted"] | None = None

    @field_validator("slack_scopes", mode="before")
    @classmethod
    def _split_scopes(cls, value: object) -> object:
        return split_commas(value)

    @property
    def slack_oauth(self) -> bool:
        """Many workspaces: the app installs itself through OAuth (client id and secret set)."""
        return bool(self.slack_client_id and self.slack_client_secret)


def slack_settings(settings: object) -> SlackSettings:
    """Slack's section of the settings the front end is handed (an App's, the registry's)."""
    return section(settings, SlackSettings)
