"""Email's repositories (storage/email/models.py): identities, codes, list bindings, what was
taken in, the counters of `wgbot email status` and the inbound sources. Only SQL."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel, col, select

from bot.ground.errors import Conflict
from storage.base import _Repo
from storage.email.models import EmailCode, EmailIdentity, EmailListStat, EmailSeen, EmailSource
from storage.groups.models import ChannelBinding, WorkingGroup

EMAIL = "email"


def attribute_email(
    session: Session, counts: Mapping[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Voices heard by identity: list posts (("email", address)) count for the chat identity
    the address is linked to; unlinked addresses stay as they are (not a member's voice)."""
    addresses = [user for platform, user in counts if platform == EMAIL]
    if not addresses:
        return dict(counts)
    links = EmailRepo(session).identities_for(addresses)
    out: dict[tuple[str, str], int] = {}
    for (platform, user), n in counts.items():
        key = links.get(user, (platform, user)) if platform == EMAIL else (platform, user)
        out[key] = out.get(key, 0) + n
    return out


class EmailRepo(_Repo):
    def _insert(self, table: Table) -> Any:
        dialect = self.session.get_bind().dialect.name
        return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)

    # -- identities ---------------------------------------------------------------------------

    def identity_of(self, platform: str, user_id: str) -> EmailIdentity | None:
        return self.session.exec(
            select(EmailIdentity).where(
                EmailIdentity.platform == platform, EmailIdentity.user_id == user_id
            )
        ).first()

    def identity_by_address(self, address: str) -> EmailIdentity | None:
        return self.session.exec(
            select(EmailIdentity).where(EmailIdentity.address == address)
        ).first()

    def identities_for(self, addresses: Collection[str]) -> dict[str, tuple[str, str]]:
        """address → (platform, user id) of whoever linked it, in one query."""
        if not addresses:
            return {}
        stmt = select(EmailIdentity).where(col(EmailIdentity.address).in_(list(set(addresses))))
        return {row.address: (row.platform, row.user_id) for row in self.session.exec(stmt)}

    def link(self, address: str, platform: str, user_id: str, actor: str, now: datetime) -> None:
        """Link a confirmed address; it replaces this person's previous one. Refused when
        someone else linked the address meanwhile."""
        other = self.identity_by_address(address)
        if other is not None and (other.platform, other.user_id) != (platform, user_id):
            raise Conflict("That address is linked to someone else: they can unlink it first.")
        row = self.identity_of(platform, user_id)
        old = row.address if row is not None else None
        if row is None:
            row = EmailIdentity(address=address, platform=platform, user_id=user_id, linked_at=now)
        row.address, row.linked_at = address, now
        self.session.add(row)
        self._flush_or_conflict("That address was linked at the same moment: try again.")
        self._audit(None, actor, "email.link", now, old=old, new=address)

    def unlink(self, platform: str, user_id: str, actor: str, now: datetime) -> str | None:
        """Returns the address that was linked, if any."""
        row = self.identity_of(platform, user_id)
        if row is None:
            return None
        self.session.delete(row)
        self._audit(None, actor, "email.unlink", now, old=row.address)
        return row.address

    # -- one-time codes -----------------------------------------------------------------------

    def pending_code(self, platform: str, user_id: str) -> EmailCode | None:
        return self.session.exec(
            select(EmailCode).where(EmailCode.platform == platform, EmailCode.user_id == user_id)
        ).first()

    def set_code(
        self,
        platform: str,
        user_id: str,
        address: str,
        code_hash: str,
        now: datetime,
        expires_at: datetime,
    ) -> EmailCode:
        row = self.pending_code(platform, user_id)
        if row is None:
            row = EmailCode(
                platform=platform,
                user_id=user_id,
                address=address,
                code_hash=code_hash,
                created_at=now,
                expires_at=expires_at,
            )
        row.address, row.code_hash, row.attempts = address, code_hash, 0
        row.created_at, row.expires_at = now, expires_at
        self.session.add(row)
        self._flush_or_conflict("You asked for a code twice at the same moment: try again.")
        return row

    def count_attempt(self, row: EmailCode) -> None:
        row.attempts += 1
        self.session.add(row)

    def drop_code(self, row: EmailCode) -> None:
        self.session.delete(row)

    # -- list bindings ------------------------------------------------------------------------

    def list_of(self, group_id: int) -> ChannelBinding | None:
        return self.session.exec(
            select(ChannelBinding).where(
                ChannelBinding.group_id == group_id, ChannelBinding.platform == EMAIL
            )
        ).first()

    def lists(self) -> list[tuple[str, WorkingGroup]]:
        """Every bound list address with its group, by address."""
        stmt = (
            select(ChannelBinding.channel_id, WorkingGroup)
            .join(WorkingGroup, col(WorkingGroup.id) == col(ChannelBinding.group_id))
            .where(ChannelBinding.platform == EMAIL)
            .order_by(col(ChannelBinding.channel_id))
        )
        return [(address, group) for address, group in self.session.exec(stmt)]

    def set_list_mail(self, binding: ChannelBinding, on: bool, actor: str, now: datetime) -> bool:
        """Scheduled reminders to the list address itself on or off; True when it changed."""
        if binding.list_mail == on:
            return False
        binding.list_mail = on
        self.session.add(binding)
        new = f"{EMAIL}:{binding.channel_id} scheduled mail {'on' if on else 'off'}"
        self._audit(binding.group_id, actor, "list.mail", now, new=new)
        return True

    def unbind(self, binding: ChannelBinding, actor: str, now: datetime) -> None:
        self.session.delete(binding)
        self._audit(
            binding.group_id, actor, "channel.unbind", now, old=f"{EMAIL}:{binding.channel_id}"
        )

    # -- what came in -------------------------------------------------------------------------

    def claim_message(self, message_key: str, outcome: str, now: datetime) -> bool:
        """True the first time a message is taken in (an atomic insert-or-ignore)."""
        table = SQLModel.metadata.tables[EmailSeen.__tablename__]
        stmt = (
            self._insert(table)
            .values(message_key=message_key, outcome=outcome, seen_at=now)
            .on_conflict_do_nothing(index_elements=["message_key"])
            .returning(table.c.id)
        )
        return self.session.exec(stmt).first() is not None

    def set_outcome(self, message_key: str, outcome: str) -> None:
        table = SQLModel.metadata.tables[EmailSeen.__tablename__]
        self.session.exec(
            table.update().where(table.c.message_key == message_key).values(outcome=outcome)
        )

    def count(self, list_address: str, reason: str, at: datetime, n: int = 1) -> None:
        """`n` more messages of this outcome for this list (an atomic upsert)."""
        table = SQLModel.metadata.tables[EmailListStat.__tablename__]
        insert = self._insert(table).values(
            list_address=list_address, reason=reason, count=n, last_at=at
        )
        stmt = insert.on_conflict_do_update(
            index_elements=["list_address", "reason"],
            set_={
                "count": table.c.count + n,
                "last_at": func.max(table.c.last_at, insert.excluded.last_at)
                if self.session.get_bind().dialect.name == "sqlite"
                else func.greatest(table.c.last_at, insert.excluded.last_at),
            },
        )
        self.session.exec(stmt)

    def stats(self) -> list[EmailListStat]:
        stmt = select(EmailListStat).order_by(
            col(EmailListStat.list_address), col(EmailListStat.reason)
        )
        return list(self.session.exec(stmt))

    # -- inbound sources ------------------------------------------------------------------------

    def source(self, name: str) -> EmailSource:
        """The source's row, created on first use."""
        table = SQLModel.metadata.tables[EmailSource.__tablename__]
        self.session.exec(
            self._insert(table).values(name=name).on_conflict_do_nothing(index_elements=["name"])
        )
        row = self.session.exec(select(EmailSource).where(EmailSource.name == name)).one()
        return row

    def source_delivered(self, name: str, at: datetime) -> None:
        row = self.source(name)
        if row.last_message_at is None or at > row.last_message_at:
            row.last_message_at = at
            self.session.add(row)

    def save_cursor(self, name: str, uidvalidity: int | None, last_uid: int | None) -> None:
        """An IMAP poller's place in its mailbox, to resume from after a restart."""
        row = self.source(name)
        row.uidvalidity, row.last_uid = uidvalidity, last_uid
        self.session.add(row)

    def source_polled(self, name: str, at: datetime, error: str | None = None) -> None:
        row = self.source(name)
        row.last_poll_at, row.last_error = at, error
        self.session.add(row)

    def sources(self) -> list[EmailSource]:
        return list(self.session.exec(select(EmailSource).order_by(col(EmailSource.name))))
