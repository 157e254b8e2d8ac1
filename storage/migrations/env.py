"""Alembic environment: runs on the caller's connection (Database.upgrade) or the URL.

On PostgreSQL an advisory lock serialises concurrent upgrades, so several bot processes
starting at once do not race on the same DDL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, text
from sqlmodel import SQLModel

import storage  # noqa: F401  (registers every aggregate's tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata
ADVISORY_LOCK_ID = 0x77676274  # "wgbt"


def _run(connection: Connection) -> None:
    is_pg = connection.dialect.name == "postgresql"
    if is_pg:
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": ADVISORY_LOCK_ID})
    elif connection.dialect.name == "sqlite":
        _sqlite_transactional_ddl(connection)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _sqlite_transactional_ddl(connection: Connection) -> None:
    """pysqlite runs DDL outside any transaction until a DML statement opens one, so a
    migration that fails halfway (0015_consent without WGBOT_SECRET_KEY) would leave earlier
    migrations' tables behind with the version unchanged, and the next upgrade would fail on
    them. An explicit BEGIN makes the whole upgrade one transaction, as on PostgreSQL."""
    dbapi = connection.connection.dbapi_connection
    if dbapi is not None and not getattr(dbapi, "in_transaction", True):
        connection.exec_driver_sql("BEGIN")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
