"""Settings from the environment and a `.env` file, with the platforms' usual variable names."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.consensus import Thresholds
from bot.domain.cycle import parse_offsets
from bot.domain.vocabulary import (
    DEFAULT_REGIONS,
    DEFAULT_STAKEHOLDER_GROUPS,
    Vocabulary,
    format_vocabulary,
    region_vocabulary,
    stakeholder_vocabulary,
)

CommaList = Annotated[list[str], NoDecode]
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


class ConfigError(Exception):
    """A setting the bot cannot start with: the message names the variable to set."""


class Settings(BaseSettings):
    """Every setting, named as its environment variable (case-insensitive)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", frozen=True
    )

    database_url: str | None = None
    wgbot_data_dir: Path = Path("data")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str | None = None
    # Many workspaces: Slack's OAuth v2 install flow (HTTP mode), see docs/slack.md.
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    # Fernet key(s), comma-separated, current first: Slack tokens are encrypted at rest with
    # it (storage/sealed.py; `wgbot secrets key` makes one, `wgbot secrets rotate` rotates).
    wgbot_secret_key: SecretStr | None = None
    slack_scopes: CommaList = Field(default_factory=lambda: list(SLACK_BOT_SCOPES))
    slack_install_path: str = "/slack/install"
    slack_redirect_uri_path: str = "/slack/oauth_redirect"
    slack_redirect_uri: str | None = None
    discord_token: SecretStr | None = None

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    wgbot_llm_model: str = "gpt-4o-mini"
    wgbot_llm_context_tokens: int = Field(default=128_000, gt=1000)
    # How many LLM requests one summary may have in flight at once (map and reduce levels).
    wgbot_llm_concurrency: int = Field(default=4, ge=1, le=32)
    # Retry policy of LLM calls (429 / 5xx / timeouts): attempts in all, first backoff, and
    # the per-request timeout, in seconds.
    wgbot_llm_attempts: int = Field(default=5, ge=1, le=20)
    wgbot_llm_backoff: float = Field(default=1.0, ge=0)
    wgbot_llm_timeout: float = Field(default=120.0, gt=0)

    wgbot_admins: CommaList = Field(default_factory=list)
    wgbot_admin_channel: str | None = None
    wgbot_timezone: str = "UTC"
    wgbot_stakeholder_groups: CommaList = Field(
        default_factory=lambda: list(DEFAULT_STAKEHOLDER_GROUPS)
    )
    wgbot_regions: CommaList = Field(default_factory=lambda: list(DEFAULT_REGIONS))
    wgbot_log_level: str = "INFO"

    # Scheduler (sponsor nudges, deadline reminders, coverage warnings); see docs/scheduler.md.
    wgbot_nudge_weekday: int = Field(default=0, ge=0, le=6)  # 0 = Monday, or a day name
    wgbot_nudge_hour: int = Field(default=9, ge=0, le=23)  # local: the sponsor's timezone
    wgbot_reminder_days: CommaList = Field(default_factory=lambda: ["30", "14", "7", "1"])
    wgbot_escalate_after: int = Field(default=3, ge=1)  # unanswered nudges in a row
    wgbot_delivery_max_attempts: int = Field(default=5, ge=1)
    wgbot_sweep_minutes: int = Field(default=15, ge=1, le=1440)

    # The discussion record (docs/data-protection.md): words are kept this many days, then
    # purged by the scheduler; a newly bound channel's history is read back this far.
    wgbot_record_days: int = Field(default=365, ge=1, le=3650)
    wgbot_backfill_days: int = Field(default=30, ge=0, le=3650)
    # Slack's history budget for this install (bot/frontends/slack/budget.py): internal,
    # marketplace or unlisted; unset, a single-token install is internal, OAuth unlisted.
    wgbot_slack_history_budget: Literal["internal", "marketplace", "unlisted"] | None = None
    # Consensus (docs/consensus.md): a stakeholder group leans one way with at least this
    # percentage of its votes; a verdict needs this many stakeholder groups to have voted;
    # members are reminded this many days before a statement's closing date.
    wgbot_consensus_majority: int = Field(default=60, ge=51, le=100)
    wgbot_consensus_min_groups: int = Field(default=3, ge=1, le=20)
    wgbot_consensus_reminder_days: int = Field(default=2, ge=0, le=60)

    # The IGF cycle (docs/cycle.md): milestones' distance from the meeting, as `key:±N[w|d]`
    # over the defaults (`draft:-8w,final-report:+60d`); days a member has to answer
    # "continue in YEAR?" at a rollover before they are listed as lapsed.
    wgbot_cycle_offsets: CommaList = Field(default_factory=list)
    wgbot_renewal_days: int = Field(default=14, ge=1, le=90)

    # Email (docs/email.md): outbound SMTP for nudges and confirmation codes, inbound list
    # traffic from an IMAP mailbox (polled) and/or an LMTP endpoint a list delivers to.
    wgbot_smtp_host: str | None = None
    wgbot_smtp_port: int = Field(default=587, ge=1, le=65535)
    wgbot_smtp_security: str = "starttls"  # starttls | ssl | none
    wgbot_smtp_user: str | None = None
    wgbot_smtp_password: SecretStr | None = None
    wgbot_email_from: str | None = None  # the bot's From: address, e.g. wgbot@igf.example
    wgbot_imap_host: str | None = None
    wgbot_imap_port: int = Field(default=993, ge=1, le=65535)
    wgbot_imap_security: str = "ssl"  # ssl | starttls | none
    wgbot_imap_user: str | None = None
    wgbot_imap_password: SecretStr | None = None
    wgbot_imap_folder: str = "INBOX"
    wgbot_imap_poll_seconds: int = Field(default=60, ge=5, le=86_400)
    wgbot_lmtp_listen: str | None = None  # host:port of the inbound LMTP endpoint
    wgbot_email_max_bytes: int = Field(default=5_000_000, ge=10_000)  # bigger posts are skipped
    # One-click links in emails (commit, snooze, step down) are signed with this secret and
    # point at this public base URL (the bot's HTTP server).
    wgbot_email_link_secret: SecretStr | None = None
    # The authserv-id our own receiving mail server writes in Authentication-Results (e.g.
    # mx.igf.example): a keyword reply acts only on that server's DMARC or aligned-DKIM pass.
    wgbot_email_authserv_id: str | None = None
    wgbot_public_url: str | None = None
    # Where `wgbot run` serves those links (host:port); WGBOT_PUBLIC_URL's proxy forwards here.
    wgbot_email_http_listen: str = "127.0.0.1:8090"
    # A list archive's permalink pattern for citations, {message_id} filled in, e.g.
    # https://mail.intgovforum.org/archives/list/bpf@…/message/{message_id}/
    wgbot_list_archive_url: str | None = None

    @field_validator(
        "wgbot_admins", "wgbot_stakeholder_groups", "wgbot_regions", "slack_scopes", mode="before"
    )
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("wgbot_nudge_weekday", mode="before")
    @classmethod
    def _weekday(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip().isdigit():
            days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            key = value.strip().lower()[:3]
            if key not in days:
                raise ValueError(f"unknown weekday {value!r}: use monday … sunday or 0 … 6")
            return days.index(key)
        return value

    @field_validator("wgbot_reminder_days", mode="before")
    @classmethod
    def _reminder_days(cls, value: object) -> object:
        parts = value.split(",") if isinstance(value, str) else value
        if isinstance(parts, list):
            days = [str(p).strip() for p in parts if str(p).strip()]
            if not all(d.isdigit() and int(d) > 0 for d in days):
                raise ValueError("WGBOT_REMINDER_DAYS must be positive whole days, like 30,14,7,1")
            return days
        return value

    @field_validator("wgbot_cycle_offsets", mode="before")
    @classmethod
    def _cycle_offsets(cls, value: object) -> object:
        parts = value.split(",") if isinstance(value, str) else value
        if isinstance(parts, list):
            items = [str(p).strip() for p in parts if str(p).strip()]
            parse_offsets(items)  # ValueError names the bad one
            return items
        return value

    @property
    def cycle_offsets(self) -> dict[str, int]:
        return parse_offsets(self.wgbot_cycle_offsets)

    @property
    def reminder_days(self) -> tuple[int, ...]:
        return tuple(sorted({int(d) for d in self.wgbot_reminder_days}, reverse=True))

    @field_validator("wgbot_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown timezone {value!r}: use an IANA name like Europe/Paris"
            ) from None
        return value

    @property
    def slack_oauth(self) -> bool:
        """Many workspaces: the app installs itself through OAuth (client id and secret set)."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def effective_database_url(self) -> str:
        """DATABASE_URL, or an SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.wgbot_data_dir / 'wgbot.sqlite3').resolve()}"

    def is_admin(self, platform: str, user_id: str) -> bool:
        """Admins may be listed as `U123` or qualified as `slack:U123`."""
        return user_id in self.wgbot_admins or f"{platform}:{user_id}" in self.wgbot_admins

    @cached_property
    def stakeholders(self) -> Vocabulary:
        return stakeholder_vocabulary(self.wgbot_stakeholder_groups)

    @cached_property
    def regions(self) -> Vocabulary:
        return region_vocabulary(self.wgbot_regions)

    @property
    def consensus_thresholds(self) -> Thresholds:
        return Thresholds(
            majority_percent=self.wgbot_consensus_majority,
            min_groups=self.wgbot_consensus_min_groups,
        )

    @property
    def formats(self) -> Vocabulary:
        return format_vocabulary
