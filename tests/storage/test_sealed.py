"""Slack tokens at rest (issue 24): encrypted under WGBOT_SECRET_KEY (Fernet/MultiFernet),
migration 0014 encrypts rows stored before, a stored token and no key is a clear error at
start, `wgbot secrets rotate` re-encrypts under a new key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import text

from bot.app import build_app
from bot.cli import main
from bot.core.settings import ConfigError
from storage import sealed
from storage.database import MIGRATIONS, Database, sqlite_url
from storage.slack.repo import SlackWorkspaceRepo
from tests.harness import make_settings

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
TOKEN = "xoxb-plain-old-token"
DATA = json.dumps({"bot_token": TOKEN, "bot_refresh_token": "xoxe-1-refresh"})


@pytest.fixture(autouse=True)
def _no_keys() -> Iterator[None]:
    sealed.use_keys(None)
    yield
    sealed.use_keys(None)


def raw_data(url: str) -> list[str]:
    database = Database(url)
    try:
        with database.engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT data FROM slack_installation"))]
    finally:
        database.dispose()


def save(url: str) -> None:
    database = Database(url)
    try:
        with database.session() as session:
            SlackWorkspaceRepo(session).save_installation("111.222", None, "TA", DATA, NOW)
    finally:
        database.dispose()


def test_tokens_are_stored_encrypted_and_read_back(database_url: str) -> None:
    key = sealed.new_key()
    sealed.use_keys(key)
    save(database_url)
    (stored,) = raw_data(database_url)
    assert stored.startswith("fernet:") and TOKEN not in stored
    database = Database(database_url)
    with database.session() as session:
        assert SlackWorkspaceRepo(session).installation("111.222", None, "TA") == DATA
    database.dispose()


def test_stored_tokens_and_no_key_stop_the_start_naming_the_variable(database_url: str) -> None:
    sealed.use_keys(sealed.new_key())
    save(database_url)
    with pytest.raises(ConfigError, match="WGBOT_SECRET_KEY, which is not set"):
        build_app(make_settings(), database_url=database_url)


def test_rotate_re_encrypts_under_the_new_key(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = sealed.new_key(), sealed.new_key()
    sealed.use_keys(old)
    save(database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("WGBOT_SECRET_KEY", f"{new},{old}")
    assert main(["secrets", "rotate"]) == 0
    assert "Re-encrypted 1 stored credential" in capsys.readouterr().out
    sealed.use_keys(new)  # the old key dropped: the row opens with the new one alone
    database = Database(database_url)
    with database.session() as session:
        assert SlackWorkspaceRepo(session).installation("111.222", None, "TA") == DATA
    database.dispose()
    sealed.use_keys(old)
    database = Database(database_url)
    with database.session() as session, pytest.raises(sealed.SecretKeyError, match="rotate"):
        SlackWorkspaceRepo(session).installation("111.222", None, "TA")
    database.dispose()
    assert TOKEN not in capsys.readouterr().out


def _at_0013_with_a_plain_row(tmp_path: Path) -> tuple[str, object]:
    from alembic import command
    from alembic.config import Config

    url = sqlite_url(tmp_path / "plain.sqlite3")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0013_people")
    database = Database(url)
    with database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO slack_installation (client_id, enterprise_key, team_key, data, "
                "installed_at) VALUES ('111.222', '', 'TA', :d, :at)"
            ),
            {"d": DATA, "at": NOW.replace(tzinfo=None)},
        )
    database.dispose()
    return url, config


def test_the_migration_encrypts_tokens_stored_before(tmp_path: Path) -> None:
    from alembic import command

    url, config = _at_0013_with_a_plain_row(tmp_path)
    with pytest.raises(sealed.SecretKeyError, match="WGBOT_SECRET_KEY"):
        command.upgrade(config, "head")  # type: ignore[arg-type]
    assert raw_data(url) == [DATA]  # nothing half-done
    sealed.use_keys(sealed.new_key())
    command.upgrade(config, "head")  # type: ignore[arg-type]
    (stored,) = raw_data(url)
    assert stored.startswith("fernet:") and TOKEN not in stored
    assert sealed.unseal(stored) == DATA


def test_a_wrong_key_is_named_without_showing_any_secret() -> None:
    sealed.use_keys("not-a-key")
    with pytest.raises(sealed.SecretKeyError, match="WGBOT_SECRET_KEY is not a list") as info:
        sealed.seal(TOKEN)
    assert "not-a-key" not in str(info.value)
    assert SecretStr  # settings carry the key as a SecretStr (never printed)
