"""Engine, transactions and schema upgrades for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from storage import guard
from storage.base import READ_MEMO

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
READONLY_OPTION = "wgbot_readonly"
# storage.generation.DataGeneration: bumped by every committed write transaction.
# An upsert (PostgreSQL and SQLite alike): the row comes back if it was ever emptied.
BUMP_GENERATION = text(
    "INSERT INTO data_generation (id, n) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET n = data_generation.n + 1"
)
READ_GENERATION_SQL = "SELECT n FROM data_generation WHERE id = 1"
# A channel's own counter (a negative id, from its name): bumped by writes that change only
# that channel's record, so a message elsewhere, or the heartbeat, leaves others' replies
# valid. Two channels that share an id only invalidate each other a little more often.
BUMP_CHANNEL = text(
    "INSERT INTO data_generation (id, n) VALUES (:id, 1) "
    "ON CONFLICT (id) DO UPDATE SET n = data_generation.n + 1"
)
READ_BOTH_SQL = "SELECT id, n FROM data_generation WHERE id IN (1, {channel})"
SCOPE = "wgbot_generation_scope"  # session.info: the channels a transaction changed, or none


def channel_key(platform: str, channel_id: str) -> int:
    """The counter id of one channel: negative, so it never meets the database-wide one."""
    return -1 - (zlib.crc32(f"{platform}:{channel_id}".encode()) & 0x7FFFFFFF)


def changes_only(session: Session, channels: set[int]) -> None:
    """This transaction changes only these channels' record (none: nothing a reply shows,
    e.g. the listener's heartbeat or a delivery id claimed for an unbound channel)."""
    session.info[SCOPE] = set(channels)


GENERATION_REUSE = 0.02  # seconds (PostgreSQL): see Database.generation


# `revision: str = "0006_asks"` and `down_revision: str | None = "0005_slack"` in a migration.
_REVISION = re.compile(r"^revision(?:\s*:[^=\n]*)?=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=\n]*)?=\s*(.+)$", re.M)


def migration_heads() -> frozenset[str] | None:
    """The newest revision(s), read from the migration files without importing alembic (it
    is slow to import, and on most starts there is nothing to migrate). None when a file
    does not read that way: then alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("[!_]*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    heads = revisions - parents
    return frozenset(heads) or None


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # Threads share the engine (bolt runs listeners in a pool); the driver's own transaction
    # handling is switched off so that every transaction starts with BEGIN IMMEDIATE: writers
    # queue on the busy timeout instead of failing on a read→write lock upgrade.
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Read-only units of work take no write lock, so under WAL they run side by side.
        readonly = conn.get_execution_options().get(READONLY_OPTION, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def _refuse_writes(*_args: Any) -> None:
    raise RuntimeError("a read-only transaction tried to write: drop `readonly` from it")


class DatabaseUnavailable(Exception):
    """The configured database cannot be used: a bad URL, or the server cannot be reached.
    The message is one line, for people, without a traceback."""


class Database:
    """One per process: the engine and a unit-of-work factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine = _make_engine(url)
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise DatabaseUnavailable(
                f"DATABASE_URL is not a database URL I can use ({exc}); expected e.g. "
                "postgresql+psycopg://user:password@host:5432/wgbot, or leave it unset for SQLite"
            ) from exc
        guard.install(self.engine)
        self._readonly_engine = self.engine.execution_options(**{READONLY_OPTION: True})
        self._generation_lock = threading.Lock()
        self._generation_dbapi: Any = None
        self._local_writes = 0
        # channel key (None: the database's alone) → (value, local writes, when read)
        self._last_generation: dict[int | None, tuple[int | tuple[int, int], int, float]] = {}
        self._reuse = GENERATION_REUSE if self.dialect == "postgresql" else 0.0

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self, *, readonly: bool = False) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises.

        `readonly` is a promise that nothing will be written: on SQLite the transaction then
        starts without the write lock that every other transaction takes up front."""
        engine = self._readonly_engine if readonly else self.engine
        with Session(engine, expire_on_commit=False) as session:
            if readonly:
                event.listen(session, "before_flush", _refuse_writes)
                session.info[READ_MEMO] = {}  # nothing changes here: a query is run once
            try:
                yield session
                scope = session.info.get(SCOPE)
                if not readonly and scope is None:
                    # Last, so the row is locked only while committing (PostgreSQL).
                    session.execute(BUMP_GENERATION)
                elif not readonly:
                    for key in sorted(scope or ()):
                        session.execute(BUMP_CHANNEL, {"id": key})
                session.commit()
                if not readonly:
                    with self._generation_lock:
                        self._local_writes += 1
            except BaseException:
                session.rollback()
                raise

    def generation(self, channel: int | None = None) -> int | tuple[int, int] | None:
        """How many write transactions were committed so far: a value read before computing
        something from the data is still current while this reads the same. None when it
        cannot be read (a schema made without migrations, a broken connection): then
        nothing is served from a cache.

        Writes by this process are seen at once. On PostgreSQL a value read less than
        GENERATION_REUSE seconds ago is reused when this process wrote nothing since, so
        under a burst of requests one round trip serves many; another process's write is
        then seen at most that late (SQLite is read every time: it costs microseconds)."""
        now = time.monotonic()
        with self._generation_lock:
            local = self._local_writes
            last = self._last_generation.get(channel)
            if last is not None and last[1] == local and now - last[2] < self._reuse:
                kept: int | tuple[int, int] = last[0]
                return kept
        value = self._read_generation(channel)
        if value is not None:
            with self._generation_lock:
                if len(self._last_generation) > 4096:
                    self._last_generation.clear()
                self._last_generation[channel] = (value, local, now)
        return value

    def _read_generation(self, channel: int | None = None) -> int | tuple[int, int] | None:
        # One connection of its own, in autocommit, kept open: one round trip (no pool
        # checkout, ping, BEGIN or rollback).
        with self._generation_lock:
            try:
                connection = self._generation_connection()
                cursor = connection.cursor()
                try:
                    if channel is None:
                        cursor.execute(READ_GENERATION_SQL)
                        row = cursor.fetchone()
                    else:  # one round trip: the database's counter and the channel's
                        cursor.execute(READ_BOTH_SQL.format(channel=int(channel)))
                        found = dict(cursor.fetchall())
                        if 1 not in found:
                            return None
                        return (int(found[1]), int(found.get(channel, 0)))
                finally:
                    cursor.close()
            except Exception as exc:  # no counter, or the connection broke: no caching now
                log.debug("data generation unreadable: %s", exc)
                self._close_generation_connection()  # reconnect next time
                return None
        return int(row[0]) if row is not None else None

    def _generation_connection(self) -> Any:
        if self._generation_dbapi is None:
            pooled = self.engine.raw_connection()
            if self.dialect == "postgresql":
                pooled.driver_connection.autocommit = True  # type: ignore[union-attr]
            pooled.detach()  # ours alone, outside the pool (closing it closes the connection)
            self._generation_dbapi = pooled
        return self._generation_dbapi

    def _close_generation_connection(self) -> None:
        if self._generation_dbapi is not None:
            with contextlib.suppress(Exception):  # already broken: nothing more to release
                self._generation_dbapi.close()
            self._generation_dbapi = None

    def idle_session(self) -> Session:
        """A session that cannot begin a transaction by itself: handed to code that must open
        its own short transactions explicitly (no transaction held across slow calls)."""
        return Session(self.engine, autobegin=False)

    def at_newest_schema(self) -> bool:
        """True when the database already stands at the newest migration (a read only)."""
        heads = migration_heads()
        if heads is None:
            return False
        with self._readonly_engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return False
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        return {row[0] for row in rows} == heads

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (safe to run from several processes)."""
        try:
            if self.at_newest_schema():
                return
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except OperationalError as exc:
            where = self.engine.url.render_as_string(hide_password=True)
            first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseUnavailable(f"cannot reach the database at {where}: {first}") from exc
        log.debug("schema at head for %s", self.engine.url.render_as_string(hide_password=True))

    def dispose(self) -> None:
        with self._generation_lock:
            self._close_generation_connection()
        self.engine.dispose()
