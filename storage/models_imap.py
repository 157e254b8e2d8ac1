"""The IMAP poller's cursor: one row per polled mailbox (docs/email.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Text
from sqlmodel import Field, SQLModel


class ImapMailbox(SQLModel, table=True):
    """Where the poller stands in one mailbox. A message is read again unless its UID is at
    most `last_uid` under the same `uidvalidity`; the row moves only after the messages up to
    `last_uid` were committed, so a crash re-reads (Message-ID dedupe) rather than loses."""

    __tablename__ = "imap_mailbox"

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(max_length=300, unique=True)  # user@host:port/folder
    # UIDVALIDITY and UIDs are 32-bit unsigned on the wire: BIGINT, never a negative INTEGER.
    uidvalidity: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    last_uid: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    last_poll_at: datetime | None = None
    last_ok_at: datetime | None = None
    last_fetched: int = 0  # messages read by the last poll
    last_failed: int = 0  # of those, how many the ingest raised on (logged, then passed)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_error_at: datetime | None = None
