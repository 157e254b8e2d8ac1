"""Benchmark: the discussion record at a million messages, on SQLite and PostgreSQL.

Measures, in the same run: reading one 5,000-message thread, one week of a busy channel and
the voices heard of four weeks from a record of BENCH_MESSAGES messages; and the cost of the
event path (one message kept: Slack event id claimed, group found, the record's INSERT) against
the path it replaced (the same transaction with the weekly voices-heard upsert instead).

Run by hand from the repository root:

    .venv/bin/python -m bench.record             # SQLite
    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python -m bench.record         # SQLite and PostgreSQL
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from bot.clock import FrozenClock
from bot.core.dispatcher import Dispatcher
from bot.core.identity import group_of
from bot.core.messages import Actor, Platform, Where
from bot.frontends.slack.once import SlackClaim
from bot.settings import Settings
from commands import build_registry
from storage import Database, Store
from storage.database import sqlite_url
from storage.record.models import RecordMessage

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "1000000"))
THREAD = 5000
EVENTS = int(os.environ.get("BENCH_EVENTS", "2000"))
RUNS = 5
NOW = datetime(2027, 1, 11, 9, tzinfo=UTC)
CHANNELS = 20  # the million is spread over 20 bound channels of 20 groups


def seed(database: Database) -> None:
    with database.session() as session:
        store = Store(session)
        for n in range(CHANNELS):
            group = store.groups.create(f"Group {n}", "bpf", "UTC", "admin", NOW)
            store.groups.bind(group, "slack", f"C{n}", "admin", NOW)
    table = SQLModel.metadata.tables[RecordMessage.__tablename__]
    rng = random.Random(7)
    start = NOW - timedelta(days=365)
    rows: list[dict[str, object]] = []
    with database.engine.begin() as connection:
        for n in range(MESSAGES):
            channel = 0 if n < THREAD else rng.randrange(CHANNELS)
            at = start + timedelta(seconds=n * 365 * 86400 / MESSAGES)
            thread = "T0" if n < THREAD else (f"T{rng.randrange(1, 20000)}" if n % 3 else None)
            rows.append(
                {
                    "group_id": channel + 1,
                    "platform": "slack",
                    "channel_id": f"C{channel}",
                    "thread_id": thread,
                    "message_id": f"{at.timestamp():.6f}.{n}",
                    "user_id": f"U{rng.randrange(300)}",
                    "user_name": "Someone",
                    "text": "We should adopt BCP 38 first, then ask ISPs to filter. " * 2,
                    "at": at,
                    "permalink": f"https://igf.slack.com/archives/C{channel}/p{n}",
                }
            )
            if len(rows) == 10_000:
                connection.execute(insert(table), rows)
                rows = []
        if rows:
            connection.execute(insert(table), rows)
    if database.dialect == "postgresql":
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE record_message")


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def old_path(dispatcher: Dispatcher, actor: Actor, where: Where, key: str) -> None:
    """The event path before the record: claim, group, weekly voices-heard upsert."""
    with dispatcher.database.session() as session:
        store = Store(session)
        if not SlackClaim(key).claim(store, NOW):
            return
        group = group_of(store, where)
        assert group is not None and group.id is not None
        store.participation.record_message(group.id, "slack", actor.user_id, date(2027, 1, 11))


def run(label: str, url: str) -> None:
    database = Database(url)
    database.upgrade()
    began = time.perf_counter()
    seed(database)
    print(f"\n{label}: {MESSAGES:,} messages seeded in {time.perf_counter() - began:.0f} s")
    with database.session(readonly=True) as session:
        store = Store(session)
        thread = store.record.thread("slack", "C0", "T0")
        assert len(thread) == THREAD, len(thread)
        thread_ms = median_ms(lambda: store.record.thread("slack", "C0", "T0"))
        week = NOW - timedelta(days=7)
        week_rows = len(store.record.period("slack", "C3", week))
        week_ms = median_ms(lambda: store.record.period("slack", "C3", week))
        since = (NOW - timedelta(days=28)).date()
        voices_ms = median_ms(lambda: store.record.voices_since(4, since))
    dispatcher = Dispatcher(build_registry(), database, Settings(_env_file=None), FrozenClock(NOW))
    where = Where(Platform.SLACK, "C5")
    actor = Actor(Platform.SLACK, "U1", "Ana")

    def events(fn: Callable[[int], None]) -> float:
        times = []
        for n in range(EVENTS):
            start = time.perf_counter()
            fn(n)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    tag = uuid.uuid4().hex[:6]
    old_ms = events(lambda n: old_path(dispatcher, actor, where, f"old-{tag}-{n}"))
    new_ms = events(
        lambda n: dispatcher.record_message(
            actor,
            where,
            NOW,
            dedupe=SlackClaim(f"new-{tag}-{n}"),
            message_id=f"9{n:09d}.000000",
            text="We should adopt BCP 38 first, then ask ISPs to filter.",
            permalink="https://igf.slack.com/archives/C5/p1",
        )
    )
    print(f"{'read from the record':<44}{'median ms':>10}")
    print(f"{'one thread of ' + format(THREAD, ',') + ' messages':<44}{thread_ms:>10.1f}")
    print(f"{'one channel, last 7 days (' + format(week_rows, ',') + ' msgs)':<44}{week_ms:>10.1f}")
    print(f"{'voices heard, one group, 4 weeks':<44}{voices_ms:>10.1f}")
    print(f"{'event path (one transaction)':<44}{'median ms':>10}{'ratio':>8}")
    print(f"{'before: claim + weekly count upsert':<44}{old_ms:>10.2f}{1.0:>8.2f}")
    print(f"{'record: claim + INSERT (text, 5 indexes)':<44}{new_ms:>10.2f}{new_ms / old_ms:>8.2f}")
    database.dispose()


def main() -> int:
    global MESSAGES, EVENTS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=MESSAGES, help="messages in the record")
    parser.add_argument("--events", type=int, default=EVENTS, help="events timed per path")
    options = parser.parse_args()
    MESSAGES, EVENTS = options.messages, options.events
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", sqlite_url(Path(folder) / "bench.sqlite3"))
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        name = f"wgbot_bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(server).set(database=name).render_as_string(hide_password=False)
            run("PostgreSQL", url)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
