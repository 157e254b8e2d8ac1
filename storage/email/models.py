"""Email's own bookkeeping: which address is whose (confirmed by a one-time code), the codes
in flight, the messages already taken in (so a re-poll or a restart counts nothing twice),
per-list counters for `wgbot email status`, and the state of each inbound source.

A list binding itself is an ordinary `channel_binding` (platform "email", channel_id = the
list address); list posts are ordinary rows of the discussion record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

MAX_ADDRESS = 254  # RFC 5321's longest path


class EmailIdentity(SQLModel, table=True):
    """A confirmed address ↔ one chat identity: posts from the address are that person's."""

    __tablename__ = "email_identity"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_email_identity_user"),)

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=MAX_ADDRESS, unique=True)
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=100)
    linked_at: datetime


class EmailCode(SQLModel, table=True):
    """A code mailed to an address and not yet confirmed: only its hash is kept; it expires
    and allows a few attempts. One per person (a new request replaces it)."""

    __tablename__ = "email_code"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_email_code_user"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    user_id: str = Field(max_length=100)
    address: str = Field(max_length=MAX_ADDRESS)
    code_hash: str = Field(max_length=64)
    attempts: int = 0
    created_at: datetime
    expires_at: datetime


class EmailSeen(SQLModel, table=True):
    """A message taken in (kept or skipped), by a hash of its Message-ID (of its bytes when it
    has none): IMAP and LMTP delivering the same post, or a re-poll, count it once."""

    __tablename__ = "email_seen"

    id: int | None = Field(default=None, primary_key=True)
    message_key: str = Field(max_length=64, unique=True)
    outcome: str = Field(max_length=20)
    seen_at: datetime = Field(index=True)


class EmailListStat(SQLModel, table=True):
    """Per list address ("" when no bound list could be told) and outcome: how many, and
    the latest message's time."""

    __tablename__ = "email_list_stat"
    __table_args__ = (UniqueConstraint("list_address", "reason", name="uq_email_list_stat"),)

    id: int | None = Field(default=None, primary_key=True)
    list_address: str = Field(max_length=MAX_ADDRESS)
    reason: str = Field(max_length=20)
    count: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    last_at: datetime


class EmailSource(SQLModel, table=True):
    """One inbound source ("lmtp", or an IMAP mailbox like "imap:bot@host/INBOX"): when it
    last delivered or was polled, its last error, and an IMAP cursor (UIDVALIDITY, last UID)
    for the poller to resume from."""

    __tablename__ = "email_source"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    last_poll_at: datetime | None = None
    last_message_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    uidvalidity: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    last_uid: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
