"""The IMAP poller's cursor and last poll, kept on the mailbox's inbound source row
(storage/email/models.py: EmailSource, which `wgbot email status` shows): the only SQL the
poller runs. Reached by the email front end only (not through the Store facade).

Every move of the cursor is a compare-and-set, so two processes polling one mailbox never
move it backwards, and a cursor from an old UIDVALIDITY is never advanced by mistake."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import SQLModel, col, select

from storage.base import _Repo
from storage.database import DatabaseUnavailable
from storage.email.models import EmailSource

# The database is gone (not: this one message is bad): a source stops before its cursor moves.
DATABASE_DOWN: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    DatabaseUnavailable,
)
ERROR_CHARS = 1000  # a last error is one line for people, not a traceback


class ImapRepo(_Repo):
    def cursor(self, source: str) -> EmailSource:
        """The source's row, created (empty cursor) the first time it is polled."""
        table = SQLModel.metadata.tables[EmailSource.__tablename__]
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(table).values(name=source).on_conflict_do_nothing(index_elements=["name"])
        self.session.execute(stmt)
        row = self.session.exec(select(EmailSource).where(EmailSource.name == source)).one()
        self.session.refresh(row)
        return row

    def restart(self, source: str, uidvalidity: int) -> None:
        """A new UIDVALIDITY: every UID before it means nothing now, read from the start."""
        self.session.execute(
            update(EmailSource)
            .where(col(EmailSource.name) == source)
            .values(uidvalidity=uidvalidity, last_uid=0)
        )

    def advance(self, source: str, uidvalidity: int, uid: int) -> bool:
        """Move the cursor forward to `uid` (never back); False if it stood there already or
        the mailbox's UIDVALIDITY changed meanwhile."""
        result = self.session.execute(
            update(EmailSource)
            .where(
                col(EmailSource.name) == source,
                col(EmailSource.uidvalidity) == uidvalidity,
                func.coalesce(col(EmailSource.last_uid), 0) < uid,
            )
            .values(last_uid=uid)
        )
        return bool(getattr(result, "rowcount", 0))

    def record_poll(self, source: str, at: datetime, error: str | None) -> None:
        """When the last poll ran and how it ended (no error: the last one is cleared)."""
        self.cursor(source)
        line = None if error is None else " ".join(error.split())[:ERROR_CHARS]
        self.session.execute(
            update(EmailSource)
            .where(col(EmailSource.name) == source)
            .values(last_poll_at=at, last_error=line)
        )
