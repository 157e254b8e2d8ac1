from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import dbutil
from tests.harness import BotHarness


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own tokens and settings must not leak into tests."""
    for key in list(os.environ):
        if key.startswith(("WGBOT_", "SLACK_", "DISCORD_", "OPENAI_")) or key == "DATABASE_URL":
            monkeypatch.delenv(key)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return dbutil.make_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    server = os.environ["TEST_DATABASE_URL"]
    url = dbutil.create_pg_database(server)
    yield url
    dbutil.drop_pg_database_later(server, url)


@pytest.fixture(params=dbutil.BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: SQLite always; PostgreSQL when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        return dbutil.fresh_sqlite(request.getfixturevalue("sqlite_template"), tmp_path)
    url: str = request.getfixturevalue("pg_url")
    dbutil.empty_all(url)
    return url


@pytest.fixture
def bot(database_url: str) -> Iterator[BotHarness]:
    harness = BotHarness(database_url)
    yield harness
    harness.app.database.dispose()
