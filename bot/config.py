"""The name bot/web/ still imports its settings by: the core's section. The whole of a
process's settings, every section, is `bot.settings.Settings`; each section stands beside its
owner (bot/settings.py lists them). To go once bot/web/ imports `CoreSettings` from
bot/core/settings.py itself (issue 28: the web's imports are being moved)."""

from __future__ import annotations

from bot.core.settings import ConfigError, CoreSettings

Settings = CoreSettings

__all__ = ["ConfigError", "Settings"]
