"""Test databases: SQLite files copied from a migrated template, and one throw-away PostgreSQL
database per test run (so parallel runs on one server never see each other's rows)."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
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
    return url


def drop_pg_database(server_url: str, url: str) -> None:
    name = make_url(url).database
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def truncate_all(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
