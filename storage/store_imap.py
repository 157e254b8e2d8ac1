"""The IMAP poller's cursor and its last poll (storage/models_imap.py): the only SQL it runs.

Every move of the cursor is a compare-and-set, so two processes polling one mailbox never
move it backwards, and a cursor from an old UIDVALIDITY is never advanced by mistake."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, col, select

from storage.models_imap import ImapMailbox
from storage.repo import _Repo

ERROR_CHARS = 1000  # a last error is one line for people, not a traceback


class ImapRepo(_Repo):
    def cursor(self, mailbox: str) -> ImapMailbox:
        """The mailbox's row, created (empty cursor) the first time it is polled."""
        table = SQLModel.metadata.tables[ImapMailbox.__tablename__]
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        stmt = (
            insert(table)
            .values(mailbox=mailbox, last_uid=0, last_fetched=0, last_failed=0)
            .on_conflict_do_nothing(index_elements=["mailbox"])
        )
        self.session.execute(stmt)
        row = self.session.exec(select(ImapMailbox).where(ImapMailbox.mailbox == mailbox)).one()
        self.session.refresh(row)
        return row

    def restart(self, mailbox: str, uidvalidity: int) -> None:
        """A new UIDVALIDITY: every UID before it means nothing now, read from the start."""
        self.session.execute(
            update(ImapMailbox)
            .where(col(ImapMailbox.mailbox) == mailbox)
            .values(uidvalidity=uidvalidity, last_uid=0)
        )

    def advance(self, mailbox: str, uidvalidity: int, uid: int) -> bool:
        """Move the cursor forward to `uid` (never back); False if it stood there already or
        the mailbox's UIDVALIDITY changed meanwhile."""
        result = self.session.execute(
            update(ImapMailbox)
            .where(
                col(ImapMailbox.mailbox) == mailbox,
                col(ImapMailbox.uidvalidity) == uidvalidity,
                col(ImapMailbox.last_uid) < uid,
            )
            .values(last_uid=uid)
        )
        return bool(getattr(result, "rowcount", 0))

    def record_poll(
        self, mailbox: str, at: datetime, *, fetched: int, failed: int, error: str | None
    ) -> None:
        """When the last poll ran, what it read, and its error (kept: the status compares its
        time with the last success)."""
        values: dict[str, object] = {
            "last_poll_at": at,
            "last_fetched": fetched,
            "last_failed": failed,
        }
        if error is None:
            values["last_ok_at"] = at
        else:
            values["last_error"] = " ".join(error.split())[:ERROR_CHARS]
            values["last_error_at"] = at
        self.cursor(mailbox)
        self.session.execute(
            update(ImapMailbox).where(col(ImapMailbox.mailbox) == mailbox).values(**values)
        )

    def all(self) -> list[ImapMailbox]:
        """Every polled mailbox, for `wgbot email status`."""
        return list(self.session.exec(select(ImapMailbox).order_by(col(ImapMailbox.mailbox))))
