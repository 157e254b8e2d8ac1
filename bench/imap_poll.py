"""Benchmark: list mail taken in from a real IMAP server, against reading it raw.

Starts a private dovecot on 127.0.0.1 (testkit/email/dovecot.py; dovecot-imapd must be
installed), APPENDs a list thread of BENCH_IMAP_MESSAGES messages (tests/frontends/email/corpus.py),
then measures in the same run:

  baseline  imaplib alone: log in, EXAMINE, UID FETCH BODY.PEEK[] in batches of 100, no
            decoding, no database (the fastest a poller could possibly go);
  alone     the poller with an ingest that only counts: its own cost (sizes, batches, cursor);
  poll      the poller: the same fetches plus, per message, the ingest (MIME decoded, routed to
            the bound list, Message-ID claimed, kept in the record, counted) and the cursor,
            on SQLite and, with TEST_DATABASE_URL, on PostgreSQL;
  re-poll   a second poll with nothing new (what every WGBOT_IMAP_POLL_SECONDS costs).

Ratios are poll rate / baseline rate. Run by hand from the repository root:

    .venv/bin/python -m bench.imap_poll
    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m bench.imap_poll
"""

from __future__ import annotations

import argparse
import imaplib
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.clock import FrozenClock
from bot.frontends.email.imap import ImapPoller
from bot.frontends.email.inbound import Inbound
from bot.settings import Settings
from storage import Database, Store
from storage.database import sqlite_url
from testkit.email import corpus
from testkit.email.dovecot import Account, DovecotServer, dovecot_binary, make_server

MESSAGES = int(os.environ.get("BENCH_IMAP_MESSAGES", "1000"))
RUNS = 3
NOW = datetime(2027, 1, 11, 9, tzinfo=UTC)


def raw_fetch(server: DovecotServer, account: Account) -> int:
    """The baseline: every message's bytes over the same connection kind, nothing else."""
    conn = imaplib.IMAP4("127.0.0.1", server.plain_port)
    conn.login(account.user, account.password)
    conn.select("INBOX", readonly=True)
    _, data = conn.uid("SEARCH", "ALL")
    uids = data[0].split()
    read = 0
    for start in range(0, len(uids), 100):
        batch = b",".join(uids[start : start + 100]).decode()
        _, fetched = conn.uid("FETCH", batch, "(UID BODY.PEEK[])")
        read += sum(1 for item in fetched if isinstance(item, tuple))
    conn.logout()
    return read


def bound_database(url: str) -> Database:
    database = Database(url)
    database.upgrade()
    with database.session() as session:
        store = Store(session)
        group = store.groups.create("BPF Cybersecurity", "bpf", "UTC", "admin", NOW)
        store.groups.bind(group, "email", corpus.LIST_ADDRESS, "admin", NOW)
    return database


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run_poller_alone(server: DovecotServer, account: Account, url: str) -> float:
    """The poller's own cost: its fetches, sizes and cursor commits, with an ingest that only
    counts (so the difference to `poll` below is the ingest's: MIME decoding and the record)."""
    database = Database(url)
    database.upgrade()
    taken: list[int] = []

    def count_only(raw: bytes, *, source: str) -> object:
        taken.append(len(raw))
        return None

    poller = ImapPoller(server.config(account), database, count_only, max_bytes=5_000_000)
    seconds, _ = timed(poller.poll)
    database.dispose()
    assert taken, "nothing fetched"
    return seconds


def run_poll(
    server: DovecotServer, account: Account, url: str
) -> tuple[float, float, dict[str, int]]:
    """Seconds for the first poll (everything new) and for an empty second poll."""
    database = bound_database(url)
    settings = Settings(
        _env_file=None, database_url=url, wgbot_record_days=3650
    )  # the corpus is dated 2027
    inbound = Inbound(database, settings, FrozenClock(NOW + timedelta(days=365)))
    poller = ImapPoller(
        server.config(account), database, inbound.ingest, max_bytes=settings.wgbot_email_max_bytes
    )
    start = time.perf_counter()
    report = poller.poll()
    first = time.perf_counter() - start
    again, _ = timed(poller.poll)
    database.dispose()
    assert report.error is None, report.error
    return first, again, dict(report.outcomes)


def main() -> int:
    global MESSAGES
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=MESSAGES, help="messages in the mailbox")
    MESSAGES = parser.parse_args().messages
    binary = dovecot_binary()
    if binary is None:
        print("dovecot-imapd is not installed: apt-get install dovecot-imapd", file=sys.stderr)
        return 2
    server = make_server(binary)
    server.start()
    try:
        account = server.add_account()
        messages = [m.raw for m in corpus.list_thread(MESSAGES)]
        server.append(account, messages)
        total = sum(len(m) for m in messages)
        print(f"{len(messages)} messages, {total / 1e6:.1f} MB, in dovecot's Maildir")
        baseline = statistics.median(
            timed(lambda: raw_fetch(server, account))[0] for _ in range(RUNS)
        )
        rows: list[tuple[str, float, float | None]] = [
            ("baseline: imaplib fetch only", baseline, None)
        ]
        with tempfile.TemporaryDirectory() as folder:
            # Fresh database each run; the median of RUNS, like the baseline (the first run also
            # pays the one-time imports and ORM set-up, which the ingest runs below then do not).
            alone = statistics.median(
                run_poller_alone(server, account, sqlite_url(Path(folder) / f"a{n}.sqlite3"))
                for n in range(RUNS)
            )
            rows += [("poller alone (ingest counts only)", alone, None)]
            first, again, outcomes = run_poll(
                server, account, sqlite_url(Path(folder) / "b.sqlite3")
            )
            rows += [("poll + ingest, SQLite", first, again)]
        pg = os.environ.get("TEST_DATABASE_URL")
        if pg:
            name = f"wgbot_bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(pg, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(pg).set(database=name).render_as_string(hide_password=False)
                first, again, _ = run_poll(server, account, url)
                rows += [("poll + ingest, PostgreSQL", first, again)]
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
        print(f"outcomes: {', '.join(f'{n} {k}' for k, n in sorted(outcomes.items()))}")
        print(f"{'':<36}{'msgs/s':>10}{'ratio':>8}{'empty re-poll ms':>18}")
        for label, seconds, empty in rows:
            rate = len(messages) / seconds
            ratio = (len(messages) / seconds) / (len(messages) / baseline)
            repoll = f"{empty * 1000:.0f}" if empty is not None else "–"
            print(f"{label:<36}{rate:>10.0f}{ratio:>8.2f}{repoll:>18}")
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
