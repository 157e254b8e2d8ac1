"""The whole of a process's settings: every section in one object, read from the environment
and a `.env` file. Each section stands beside its owner and is read there:

    bot/core/settings.py              CoreSettings, SchedulerSettings (CommandSettings: both)
    bot/summarizer/settings.py        LlmSettings
    bot/mail/settings.py              MailSettings
    bot/frontends/slack/settings.py   SlackSettings
    bot/frontends/discord/settings.py DiscordSettings
    bot/frontends/email/settings.py   EmailSettings
    bot/web/settings.py               WebSettings (WGBOT_WEB_*, read on its own)

`Settings` is each of them (it inherits them all), so the one object the CLI loads is handed
to the core as its `CommandSettings` and to a front end, which reads its own section from it.
Only entry points import this module (bot/cli.py, the demo, tests, benchmarks), never a
section's owner: it stands above them all."""

from __future__ import annotations

from bot.core.settings import (
    SECTION_CONFIG,
    CommandSettings,
    ConfigError,
    CoreSettings,
    SchedulerSettings,
)
from bot.frontends.discord.settings import DiscordSettings
from bot.frontends.email.settings import EmailSettings
from bot.frontends.slack.settings import SlackSettings
from bot.mail.settings import MailSettings
from bot.summarizer.settings import LlmSettings

__all__ = [
    "CommandSettings",
    "ConfigError",
    "CoreSettings",
    "DiscordSettings",
    "EmailSettings",
    "LlmSettings",
    "MailSettings",
    "SchedulerSettings",
    "Settings",
    "SlackSettings",
]


class Settings(
    CommandSettings, LlmSettings, MailSettings, SlackSettings, DiscordSettings, EmailSettings
):
    """Every section, named as its environment variables (case-insensitive)."""

    model_config = SECTION_CONFIG
