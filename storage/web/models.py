"""The web's state: which groups publish a public page, and the signed links to the MAG
board that were issued (so one can be revoked before it expires)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class PublicPage(SQLModel, table=True):
    """A group whose chair ran `/wg publish on`: its page is public while this row exists."""

    __tablename__ = "public_page"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", unique=True)
    published_by: str = Field(max_length=200)
    published_at: datetime


class BoardLink(SQLModel, table=True):
    """A signed link to the MAG board, sent by direct message to the admin who asked. The
    signature proves the link; this row says whether it was revoked."""

    __tablename__ = "board_link"

    id: int | None = Field(default=None, primary_key=True)
    issued_to: str = Field(max_length=200)  # platform:user id
    recipient: str = Field(max_length=200)  # the outbox recipient its DM goes to
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = Field(default=None, max_length=200)
