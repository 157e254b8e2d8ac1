"""Wiring: settings → database (upgraded) → registry → dispatcher. One place, used by the CLI,
every front end and the tests, so they all run the same core."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.clock import Clock, system_clock
from bot.core.dispatcher import Dispatcher
from bot.core.settings import CommandSettings, ConfigError
from commands import build_registry
from storage import sealed
from storage.database import Database


@dataclass
class App:
    # The process's settings as the core reads them; the CLI hands in the full Settings
    # (bot/settings.py), from which a front end reads its own section.
    settings: CommandSettings
    database: Database
    dispatcher: Dispatcher


def build_app(
    settings: CommandSettings | None = None,
    *,
    database_url: str | None = None,
    clock: Clock = system_clock,
    upgrade: bool = True,
) -> App:
    settings = settings or CommandSettings()
    key = settings.wgbot_secret_key
    sealed.use_keys(key.get_secret_value() if key else None)  # before migration 0014 needs it
    database = Database(database_url or settings.effective_database_url)
    if upgrade:
        database.upgrade()
        require_secret_key(database)
    dispatcher = Dispatcher(build_registry(), database, settings, clock)
    return App(settings=settings, database=database, dispatcher=dispatcher)


def require_secret_key(database: Database) -> None:
    """Stored Slack tokens and no WGBOT_SECRET_KEY: a clear error at start, not a failed
    delivery later."""
    if sealed.configured():
        return
    with database.session() as session:
        stored = sealed.stored(session)
    if stored:
        raise ConfigError(
            f"{stored} Slack workspace installation(s) are stored, encrypted with "
            "WGBOT_SECRET_KEY, which is not set: set it to the key they were stored with."
        )


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Alembic's INFO lines on every start say nothing a user needs.
    logging.getLogger("alembic").setLevel(logging.WARNING)
