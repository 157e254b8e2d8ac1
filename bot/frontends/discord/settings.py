"""The Discord front end's settings section (docs/discord.md)."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings

from bot.core.settings import SECTION_CONFIG, section


class DiscordSettings(BaseSettings):
    model_config = SECTION_CONFIG

    discord_token: SecretStr | None = None


def discord_settings(settings: object) -> DiscordSettings:
    """Discord's section of the settings the front end is handed."""
    return section(settings, DiscordSettings)
