"""The core's settings sections, read from the environment and a `.env` file: what the
dispatcher, the commands and the scheduler read. Every other section stands beside its owner
(the LLM's in bot/summarizer/settings.py, mail's in bot/mail/settings.py, each front end's in
its package, the web's in bot/web/settings.py); bot/settings.py gathers them all into the one
`Settings` a process reads. A field's name is its environment variable (case-insensitive)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, TypeVar

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

# Every section reads the same way: the environment, then `.env`; empty values are unset.
SECTION_CONFIG = SettingsConfigDict(
    env_file=".env", env_ignore_empty=True, extra="ignore", frozen=True
)
CommaList = Annotated[list[str], NoDecode]
Section = TypeVar("Section", bound=BaseSettings)


class ConfigError(Exception):
    """A setting the bot cannot start with: the message names the variable to set."""


def split_commas(value: object) -> object:
    """A list variable's items, from a comma-separated string or a list, blanks dropped (a
    section's `mode="before"` validator); anything else is left to the field's validation."""
    parts = value.split(",") if isinstance(value, str) else value
    if isinstance(parts, list):
        return [str(p).strip() for p in parts if str(p).strip()]
    return value


def section(settings: object, kind: type[Section]) -> Section:
    """The `kind` section of the settings a module is handed: the object itself when it is one
    (a process's full `Settings` is every section), else that section read from the
    environment (a process that loaded the core's sections alone)."""
    return settings if isinstance(settings, kind) else kind()


class CoreSettings(BaseSettings):
    """The core: database, admins, vocabularies, the record, consensus, the IGF cycle."""

    model_config = SECTION_CONFIG

    database_url: str | None = None
    wgbot_data_dir: Path = Path("data")
    # Fernet key(s), comma-separated, current first: Slack tokens are encrypted at rest with
    # it (storage/sealed.py; `wgbot secrets key` makes one, `wgbot secrets rotate` rotates).
    wgbot_secret_key: SecretStr | None = None

    wgbot_admins: CommaList = Field(default_factory=list)
    wgbot_admin_channel: str | None = None
    wgbot_timezone: str = "UTC"
    wgbot_stakeholder_groups: CommaList = Field(
        default_factory=lambda: list(DEFAULT_STAKEHOLDER_GROUPS)
    )
    wgbot_regions: CommaList = Field(default_factory=lambda: list(DEFAULT_REGIONS))
    wgbot_log_level: str = "INFO"

    # The discussion record (docs/data-protection.md): words are kept this many days, then
    # purged by the scheduler; a newly bound channel's history is read back this far.
    wgbot_record_days: int = Field(default=365, ge=1, le=3650)
    wgbot_backfill_days: int = Field(default=30, ge=0, le=3650)
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

    @field_validator(
        "wgbot_admins",
        "wgbot_stakeholder_groups",
        "wgbot_regions",
        "wgbot_cycle_offsets",
        mode="before",
    )
    @classmethod
    def _split_lists(cls, value: object) -> object:
        return split_commas(value)

    @field_validator("wgbot_cycle_offsets")
    @classmethod
    def _cycle_offsets(cls, items: list[str]) -> list[str]:
        parse_offsets(items)  # ValueError names the bad one
        return items

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
    def cycle_offsets(self) -> dict[str, int]:
        return parse_offsets(self.wgbot_cycle_offsets)

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


class SchedulerSettings(BaseSettings):
    """The scheduler (sponsor nudges, deadline reminders, coverage warnings; docs/scheduler.md).
    Kept beside the core's, not in bot/scheduler/, because commands read it too (`/wg people`
    says when the nudges go out) and commands stand below the scheduler."""

    model_config = SECTION_CONFIG

    wgbot_nudge_weekday: int = Field(default=0, ge=0, le=6)  # 0 = Monday, or a day name
    wgbot_nudge_hour: int = Field(default=9, ge=0, le=23)  # local: the sponsor's timezone
    wgbot_reminder_days: CommaList = Field(default_factory=lambda: ["30", "14", "7", "1"])
    wgbot_escalate_after: int = Field(default=3, ge=1)  # unanswered nudges in a row
    wgbot_delivery_max_attempts: int = Field(default=5, ge=1)
    wgbot_sweep_minutes: int = Field(default=15, ge=1, le=1440)

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
    def _split_days(cls, value: object) -> object:
        return split_commas(value)

    @field_validator("wgbot_reminder_days")
    @classmethod
    def _reminder_days(cls, days: list[str]) -> list[str]:
        if not all(d.isdigit() and int(d) > 0 for d in days):
            raise ValueError("WGBOT_REMINDER_DAYS must be positive whole days, like 30,14,7,1")
        return days

    @property
    def reminder_days(self) -> tuple[int, ...]:
        return tuple(sorted({int(d) for d in self.wgbot_reminder_days}, reverse=True))


class CommandSettings(CoreSettings, SchedulerSettings):
    """What the core is handed (the dispatcher, `ctx.settings`, the scheduler): the core's and
    the scheduler's sections. A module that reads another section below the front ends (the
    LLM's, mail's) takes it with `section(settings, Kind)`."""

    model_config = SECTION_CONFIG
