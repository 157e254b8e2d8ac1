"""What every `wgbot email …` command that touches the database starts with: the settings,
logging, a migrated database, closed again at the end. Imported inside the commands, so
`wgbot --help` loads none of it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from storage.database import Database


@contextmanager
def command_database() -> Iterator[tuple[Settings, Database]]:
    from bot.app import configure_logging
    from bot.cli_settings import load_settings
    from storage.database import Database

    settings = load_settings()
    configure_logging(settings.wgbot_log_level)
    database = Database(settings.effective_database_url)
    try:
        database.upgrade()
        yield settings, database
    finally:
        database.dispose()
