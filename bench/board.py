"""Benchmark: the MAG board (bot/web) for 1,000 groups, served by the real WSGI app through
a real signed link, on PostgreSQL (and SQLite), against a bare SELECT of all groups measured
in the same run (the floor).

Three figures: **unchanged** (nothing written since the page was built: it is served after
checking the link and the database's generation), **changed** (something was written, the
kept page is younger than two minutes: it is served at once while a rebuild runs in the
background) and **cold build** (no page kept, or one too old: the request waits for the
build and the rendering; the topic overlaps are kept while goals, charters and drafts are
unchanged), and the very first build, which also computes the overlaps.

Run by hand from the repository root:

    .venv/bin/python -m bench.board            # SQLite
    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m bench.board        # SQLite and PostgreSQL
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.clock import FrozenClock
from bot.settings import Settings
from bot.web.app import WebApp
from bot.web.links import LIFETIME, BoardSigner
from bot.web.settings import WebSettings
from storage import Database, Store
from storage.database import sqlite_url
from testkit.overview_seed import seed_groups

GROUPS = int(os.environ.get("BENCH_GROUPS", "1000"))
COLD_RUNS, WARM_RUNS = 5, 30
NOW = datetime(2027, 1, 11, 9, tzinfo=UTC)
SECRET = "bench-secret"
BODIES = ("ITU", "IETF", "Council of Europe", "OECD", "UNESCO")


def seed_uptake(store: Store) -> None:
    """Two outputs a group (one a year old), evidence for most, every tenth group public."""
    for group in store.groups.all():
        assert group.id is not None
        for n, published in enumerate((NOW.date() - timedelta(days=365), NOW.date())):
            out = store.outputs.add(
                group.id,
                f"Output {n} of {group.name}",
                f"https://igf.example/{group.id}/{n}",
                published,
                2026 + n,
                "seed",
                NOW,
            )
            if group.id % 3:
                store.uptake.record(
                    out,
                    BODIES[group.id % 5],
                    f"https://body.example/{group.id}/{n}",
                    "cited",
                    None,
                    "seed",
                    "Seed",
                    NOW,
                )
        if group.id % 10 == 0:
            store.public_pages.publish(group.id, "seed", NOW)


def request(app: WebApp, path: str, query: str) -> tuple[str, int]:
    status: list[str] = []
    body = b"".join(
        app(
            {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": query,
                "wsgi.input": io.BytesIO(),
            },
            lambda s, _h: status.append(s),
        )
    )
    return status[0], len(body)


def timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run(label: str, url: str) -> None:
    database = Database(url)
    database.upgrade()
    start = time.perf_counter()
    with database.session() as session:
        store = Store(session)
        seed_groups(store, GROUPS, NOW, members=8)
        seed_uptake(store)
        link = store.board_links.issue("slack:UADMIN", "slack:user:UADMIN", NOW, NOW + LIFETIME)
    print(f"\n{label}: {GROUPS} groups seeded in {time.perf_counter() - start:.1f} s")
    web = WebSettings(_env_file=None, url="https://board.example", secret=SECRET)  # type: ignore[call-arg]
    app = WebApp(database, Settings(_env_file=None), web, FrozenClock(NOW))
    assert link.id is not None
    query = "t=" + BoardSigner([SECRET], web.base_url).token(link.id, link.issued_at)
    started = time.perf_counter()
    status, size = request(app, "/board", query)
    first_ms = (time.perf_counter() - started) * 1000
    assert status.startswith("200"), status

    def floor() -> None:
        with database.session(readonly=True) as session:
            Store(session).groups.all()

    def bump() -> None:  # any write: the kept page is stale
        with database.session() as session:
            Store(session).public_pages.publish(1, "bench", NOW)
            Store(session).public_pages.withdraw(1, "bench", NOW)

    floor_ms = statistics.median(timed(floor) for _ in range(WARM_RUNS))
    unchanged = [timed(lambda: request(app, "/board", query)) for _ in range(WARM_RUNS)]
    changed = []
    for _ in range(COLD_RUNS):
        bump()
        changed.append(timed(lambda: request(app, "/board", query)))
        while app.cache._rebuilding:  # let the background rebuild finish before the next
            time.sleep(0.05)
    app.cache.max_stale = 0.0  # every request after a write now waits for the build
    cold = []
    for _ in range(COLD_RUNS):
        bump()
        cold.append(timed(lambda: request(app, "/board", query)))
    page_ms = statistics.median(timed(lambda: request(app, "/groups/10", "")) for _ in range(10))
    print(f"{'request':<48}{'median ms':>10}{'× bare SELECT':>15}")
    for name, ms in (
        ("bare SELECT of all groups (floor)", floor_ms),
        ("board, unchanged since built", statistics.median(unchanged)),
        ("board, changed (kept page, rebuilt behind)", statistics.median(changed)),
        ("board, cold build (built and rendered)", statistics.median(cold)),
        ("board, first build (topic overlaps computed)", first_ms),
        ("one public page", page_ms),
    ):
        print(f"{name:<48}{ms:>10.1f}{ms / floor_ms:>15.1f}")
    print(f"board page: {size / 1024:.0f} KiB of HTML for {GROUPS} groups")
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
