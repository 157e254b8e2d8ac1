"""Wiring: settings → database (upgraded) → registry → dispatcher. One place, used by the CLI,
every front end and the tests, so they all run the same core."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.core.dispatcher import Dispatcher
from commands import build_registry
from storage.database import Database


@dataclass
class App:
    settings: Settings
    database: Database
    dispatcher: Dispatcher


def build_app(
    settings: Settings | None = None,
    *,
    database_url: str | None = None,
    clock: Clock = system_clock,
    upgrade: bool = True,
) -> App:
    settings = settings or Settings()
    database = Database(database_url or settings.effective_database_url)
    if upgrade:
        database.upgrade()
    dispatcher = Dispatcher(build_registry(), database, settings, clock)
    return App(settings=settings, database=database, dispatcher=dispatcher)


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Alembic's INFO lines on every start say nothing a user needs.
    logging.getLogger("alembic").setLevel(logging.WARNING)
