"""Storage on SQLite and PostgreSQL: migrations, unique keys under races, atomic counters."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from bot.ground.errors import Conflict
from storage import Database, Store

NOW = datetime(2027, 1, 11, 9, tzinfo=UTC)


def test_upgrade_is_idempotent_and_creates_every_table(database_url: str) -> None:
    database = Database(database_url)
    database.upgrade()
    database.upgrade()
    tables = set(inspect(database.engine).get_table_names())
    assert {
        "working_group",
        "channel_binding",
        "member",
        "charter_answer",
        "sponsor",
        "ask",
        "audit_entry",
        "participation",
        "alembic_version",
    } <= tables
    database.dispose()


def test_datetimes_come_back_aware_utc(database_url: str) -> None:
    database = Database(database_url)
    with database.session() as session:
        Store(session).groups.create("G", "Other", "UTC", "console:a", NOW)
    with database.session() as session:
        group = Store(session).groups.by_name("g")
        assert group is not None and group.created_at == NOW and group.created_at.tzinfo
    database.dispose()


def test_twin_channel_binding_from_two_transactions_is_refused(database_url: str) -> None:
    """Two processes binding one channel at once: the database, not luck, keeps one."""
    database = Database(database_url)
    with database.session() as session:
        store = Store(session)
        a = store.groups.create("A", "Other", "UTC", "x", NOW)
        b = store.groups.create("B", "Other", "UTC", "x", NOW)
        store.groups.bind(a, "slack", "C1", "x", NOW)
    with pytest.raises(Conflict), database.session() as session:
        Store(session).groups.bind(b, "slack", "C1", "x", NOW)
    with database.session() as session:
        assert len(Store(session).groups.channels(b.id or 0)) == 0
    database.dispose()


def test_concurrent_joins_never_make_twins(database_url: str) -> None:
    from storage.groups.models import MemberRole

    database = Database(database_url)
    with database.session() as session:
        group = Store(session).groups.create("G", "Other", "UTC", "x", NOW)
    assert group.id is not None
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def join() -> None:
        barrier.wait()
        try:
            with database.session() as session:
                Store(session).members.join(
                    group.id or 0, "slack", "U1", "U", "Academia", None, MemberRole.MEMBER, "x", NOW
                )
        except Conflict as exc:
            errors.append(exc)

    threads = [threading.Thread(target=join) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with database.session() as session:
        assert len(Store(session).members.of_group(group.id)) == 1
    assert all(isinstance(e, Conflict) for e in errors)
    database.dispose()


def test_participation_counter_is_atomic_under_concurrency(database_url: str) -> None:
    database = Database(database_url)
    with database.session() as session:
        group = Store(session).groups.create("G", "Other", "UTC", "x", NOW)
    gid = group.id or 0

    def speak() -> None:
        for _ in range(25):
            with database.session() as session:
                Store(session).participation.record_message(gid, "slack", "U1", date(2027, 1, 13))

    threads = [threading.Thread(target=speak) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with database.session() as session:
        counts = Store(session).participation.messages_since(gid, date(2027, 1, 11))
    assert counts == {("slack", "U1"): 100}
    database.dispose()


@pytest.mark.xdist_group("realtime")  # real time (see tests/frontends/slack/test_storm.py)
def test_readonly_commands_run_while_another_process_holds_the_write_lock(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """SQLite: status and coverage read beside a writer; a write waits for it."""
    from tests import dbutil
    from tests.harness import BotHarness

    bot = BotHarness(dbutil.fresh_sqlite(sqlite_template, tmp_path))
    bot.setup_group()
    other = sqlite3.connect(str(tmp_path / "wgbot.sqlite3"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is in the middle of a write
    try:
        started = time.monotonic()
        assert bot.say("/wg status").title == "BPF Cybersecurity: status"
        assert bot.say("/wg coverage").tone.value != "error"
        assert time.monotonic() - started < 5  # did not wait for the writer (30 s timeout)
        done = threading.Event()
        writer = threading.Thread(target=lambda: (bot.say("/wg goal G"), done.set()))
        writer.start()
        assert not done.wait(1.0)  # a write queues behind the other writer…
    finally:
        other.execute("COMMIT")
        other.close()
    assert done.wait(10)  # …and goes through once it commits
    writer.join()
    assert "Goal: G" in bot.text("/wg status")
    bot.app.database.dispose()


def test_a_readonly_transaction_refuses_to_write(database_url: str) -> None:
    database = Database(database_url)
    with pytest.raises(RuntimeError, match="read-only"), database.session(readonly=True) as session:
        Store(session).groups.create("G", "Other", "UTC", "x", NOW)
    with database.session() as session:
        assert Store(session).groups.by_name("G") is None
    database.dispose()


def test_migrations_build_exactly_the_models_schema(database_url: str) -> None:
    """No drift: after `upgrade head`, Alembic finds nothing to change against the models
    (a model edited without a migration fails here, on SQLite and on PostgreSQL)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    database = Database(database_url)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    database.dispose()


def test_migrations_go_down_and_up_again(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from storage.database import MIGRATIONS, sqlite_url

    url = sqlite_url(tmp_path / "updown.sqlite3")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    tables = set(inspect(Database(url).engine).get_table_names())
    assert {"draft", "delivery", "liaison", "slack_event_seen"} <= tables


def test_ask_numbers_are_backfilled_per_group(tmp_path: Path) -> None:
    """Asks made before migration 0006 get their per-group numbers in the order asked."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from storage.database import MIGRATIONS, sqlite_url

    url = sqlite_url(tmp_path / "asks.sqlite3")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0005_slack")
    database = Database(url)
    with database.engine.begin() as conn:
        for gid in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO working_group (id, name, name_key, format, timezone, "
                    "created_by, created_at) VALUES (:id, :n, :n, 'Other', 'UTC', 'x', :at)"
                ),
                {"id": gid, "n": f"g{gid}", "at": NOW.replace(tzinfo=None)},
            )
        for gid in (1, 2, 1, 1, 2):
            conn.execute(
                text(
                    "INSERT INTO ask (group_id, text, asked_by, asked_by_name, asked_at, status) "
                    "VALUES (:g, 't', 'x', '', :at, 'open')"
                ),
                {"g": gid, "at": NOW.replace(tzinfo=None)},
            )
    command.upgrade(config, "head")
    with database.engine.connect() as conn:
        rows = conn.execute(text("SELECT group_id, number FROM ask ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, 1), (2, 1), (1, 2), (1, 3), (2, 2)]
    database.dispose()
