"""Benchmark: `/wg overview` data for 1,000 groups, time and SQL statements, against two
baselines measured in the same run: a bare SELECT of all groups (the floor), and the naive
approach of reading each group's members, charter, sponsors and liaisons one group at a time.

Run by hand from the repository root:

    .venv/bin/python -m bench.overview            # SQLite
    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python -m bench.overview        # SQLite and PostgreSQL
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from bot.domain.coverage import MemberProfile, compute_coverage
from bot.domain.vocabulary import region_vocabulary, stakeholder_vocabulary
from bot.overview.attention import GroupFacts, attention, sponsor_standing
from bot.overview.build import build_overview
from bot.overview.chart import overview_png
from bot.overview.topics import all_overlaps
from storage import Database, Store
from storage.database import sqlite_url
from testkit.overview_seed import seed_groups

GROUPS = int(os.environ.get("BENCH_GROUPS", "1000"))
RUNS = 5
NOW = datetime(2027, 1, 11, 9, tzinfo=UTC)
STAKEHOLDERS, REGIONS = stakeholder_vocabulary(), region_vocabulary()


def bare_select(store: Store) -> object:
    return store.groups.all()


def naive_per_group(store: Store) -> object:
    """What a first version would do: the existing per-group repository calls in a loop."""
    rows = []
    for group in store.groups.all():
        assert group.id is not None
        members = store.members.of_group(group.id)
        charter = store.charter.answers(group.id)
        sponsors = store.sponsors.of_group(group.id)
        store.liaisons.of_group(group.id)
        coverage = compute_coverage(
            (MemberProfile(m.stakeholder_group, m.region) for m in members), STAKEHOLDERS, REGIONS
        )
        facts = GroupFacts(
            group.name,
            bool(group.goal),
            group.deadline,
            NOW.date(),
            len(charter),
            coverage.members,
            coverage.missing_stakeholders,
            coverage.only_western,
            sponsor_standing(sponsors, NOW),
            None,
        )
        rows.append(attention(facts))
    return rows


def set_based(store: Store) -> object:
    return build_overview(store, NOW, STAKEHOLDERS, REGIONS)


@contextmanager
def counting(database: Database) -> Iterator[list[int]]:
    box = [0]

    def on_execute(*_args: Any) -> None:
        box[0] += 1

    event.listen(database.engine, "before_cursor_execute", on_execute)
    try:
        yield box
    finally:
        event.remove(database.engine, "before_cursor_execute", on_execute)


def measure(database: Database, fn: Callable[[Store], object]) -> tuple[float, int]:
    """Median wall time in ms over RUNS fresh transactions, and statements per run."""
    times, statements = [], 0
    for _ in range(RUNS):
        with counting(database) as box, database.session() as session:
            start = time.perf_counter()
            fn(Store(session))
            times.append((time.perf_counter() - start) * 1000)
        statements = box[0]
    return statistics.median(times), statements


def run(label: str, url: str) -> None:
    database = Database(url)
    database.upgrade()
    start = time.perf_counter()
    with database.session() as session:
        seed_groups(Store(session), GROUPS, NOW, members=8)
    seeded = time.perf_counter() - start
    print(f"\n{label}: {GROUPS} groups seeded in {seeded:.1f} s (8 members, sponsors, charters)")
    floor_ms, floor_q = measure(database, bare_select)
    naive_ms, naive_q = measure(database, naive_per_group)
    ours_ms, ours_q = measure(database, set_based)
    overlaps_ms, overlaps_q = measure(database, all_overlaps)
    with database.session() as session:
        data = build_overview(Store(session), NOW, STAKEHOLDERS, REGIONS)
    chart_times = []
    for _ in range(3):
        start = time.perf_counter()
        overview_png(data)
        chart_times.append((time.perf_counter() - start) * 1000)
    print(f"{'approach':<34}{'median ms':>10}{'statements':>12}{'× bare SELECT':>15}")
    for name, ms, q in (
        ("bare SELECT of all groups", floor_ms, floor_q),
        ("naive: 4 queries per group", naive_ms, naive_q),
        ("set-based build_overview", ours_ms, ours_q),
    ):
        print(f"{name:<34}{ms:>10.1f}{q:>12}{ms / floor_ms:>15.1f}")
    print(
        f"set-based is {naive_ms / ours_ms:.1f}× faster than naive with "
        f"{naive_q // max(ours_q, 1)}× fewer statements; "
        f"PNG chart (40 rows): {statistics.median(chart_times[1:]):.0f} ms"
    )
    print(f"/wg overlaps over all {GROUPS} groups: {overlaps_ms:.0f} ms, {overlaps_q} statements")
    database.dispose()


def main() -> int:
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
