"""Test databases: SQLite files copied from a migrated template, and one throw-away PostgreSQL
database per test run (so parallel runs on one server never see each other's rows), emptied
before each test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import SQLModel

from storage.database import Database, sqlite_url

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def make_sqlite_template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    database = Database(sqlite_url(path))
    database.upgrade()
    database.dispose()
    return path


def fresh_sqlite(template: Path, directory: Path) -> str:
    target = directory / "wgbot.sqlite3"
    shutil.copyfile(template, target)
    return sqlite_url(target)


def create_pg_database(server_url: str) -> str:
    """A new, migrated database on the server named by TEST_DATABASE_URL; returns its URL."""
    name = f"wgbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    database.upgrade()
    database.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            # No vacuum between tests (see empty_all): rows are read back in the order they
            # were written, as on a fresh table.
            conn.execute(text(f'ALTER TABLE "{table.name}" SET (autovacuum_enabled = false)'))
    engine.dispose()
    return url


def drop_pg_database(server_url: str, url: str) -> None:
    engine = _cleaners.pop(url, None)
    if engine is not None:
        engine.dispose()
    name = make_url(url).database
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def drop_pg_database_later(server_url: str, url: str) -> None:
    """Drops the database from a process of its own, not waited for. DROP DATABASE waits for
    an immediate checkpoint of the whole server, which took 5-50 s at the end of each xdist
    worker on a server other test runs share (their TRUNCATEs leave tens of thousands of
    files to sync): the run's result does not wait for its clean-up."""
    engine = _cleaners.pop(url, None)
    if engine is not None:
        engine.dispose()
    code = "import sys; from tests.dbutil import drop_pg_database; drop_pg_database(*sys.argv[1:])"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    subprocess.Popen(
        [sys.executable, "-c", code, server_url, url],
        cwd=root,
        env={**os.environ, "PYTHONPATH": root},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


# Empties a test database in one round trip: DELETE the tables that have rows (children
# first), then restart every sequence that was used (as TRUNCATE ... RESTART IDENTITY would).
# Measured on PostgreSQL 15 with 44 tables: 8-16 ms a test, where TRUNCATE of all tables took
# 0.4-1.2 s (each TRUNCATE writes new files) and was a quarter of the suite's time. No "%" in
# it: psycopg would read one as a placeholder.
_EMPTY = """
DO $$
DECLARE t text; found boolean; used text[] := '{}'; s record;
BEGIN
  FOREACH t IN ARRAY ARRAY[{tables}] LOOP
    EXECUTE 'SELECT EXISTS (SELECT FROM ' || quote_ident(t) || ')' INTO found;
    IF found THEN used := quote_ident(t) || used; END IF;
  END LOOP;
  FOREACH t IN ARRAY used LOOP
    EXECUTE 'DELETE FROM ' || t;
  END LOOP;
  FOR s IN SELECT schemaname, sequencename FROM pg_sequences WHERE last_value IS NOT NULL LOOP
    EXECUTE 'ALTER SEQUENCE ' || quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename)
      || ' RESTART';
  END LOOP;
END $$
"""
_cleaners: dict[str, Engine] = {}


def empty_all(url: str) -> None:
    """Every table of a migrated PostgreSQL database empty, its ids starting again at 1."""
    engine = _cleaners.get(url)
    if engine is None:
        engine = _cleaners[url] = create_engine(url, pool_size=1)
    # sorted_tables lists parents first; `used` is built in reverse, so children go first.
    tables = ", ".join(f"'{t.name}'" for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.exec_driver_sql(_EMPTY.replace("{tables}", tables))
