"""Repositories of the discussion record (storage/record/models.py): the only SQL it runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Table, case, exists, func, literal, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, col, select

from storage.base import _Repo, week_start
from storage.email.repo import attribute_email
from storage.groups.models import Participation
from storage.record.models import RecordForget, RecordMessage
from storage.summaries.models import SummarizeOptOut


@dataclass(frozen=True)
class Said:
    """One message as a front end hands it to the record (text already neutral)."""

    platform: str
    channel_id: str
    message_id: str
    user_id: str
    text: str | None  # None: the words are not known (only that this person spoke)
    at: datetime
    thread_id: str | None = None
    user_name: str = ""
    permalink: str | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


class RecordRepo(_Repo):
    # -- writing ----------------------------------------------------------------------------

    def _insert(self, table: Table) -> Any:
        insert = (
            pg_insert if self.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        return insert(table)

    def _insert_new(self, group_id: int, said: Said, *, name: str, text: str | None) -> bool:
        """Insert-or-ignore on the message's platform id; True when the row is new. Every
        insert into the record comes here, so consent is checked here, inside the statement
        (a forget or an opt-out committed a moment before is seen): no words and no name when
        the place the message was said in opted out (the group's own place: a thread bound to
        a group of its own is that group's, not its parent channel's), or when its author was
        forgotten in this group after saying it (the tombstone: a retry or a resume delivered
        after `/wg forget me` is refused its words)."""
        table = SQLModel.metadata.tables[RecordMessage.__tablename__]
        opt = SQLModel.metadata.tables[SummarizeOptOut.__tablename__]
        gone = SQLModel.metadata.tables[RecordForget.__tablename__]
        places = [p for p in (said.channel_id, said.thread_id, said.message_id) if p]
        opted_out = exists().where(
            opt.c.group_id == group_id,
            opt.c.platform == said.platform,
            opt.c.channel_id.in_(places),
        )
        forgotten = exists().where(
            gone.c.group_id == group_id,
            gone.c.platform == said.platform,
            gone.c.user_id == said.user_id,
            gone.c.forgotten_at >= said.at,
        )
        refused = or_(opted_out, forgotten)
        kept_text: Any = None
        kept_name: Any = ""
        if text is not None:
            kept_text = case((refused, None), else_=literal(text))
            kept_name = case((refused, ""), else_=literal(name[:200]))
        stmt = (
            self._insert(table)
            .values(
                group_id=group_id,
                platform=said.platform,
                channel_id=said.channel_id,
                thread_id=said.thread_id,
                message_id=said.message_id,
                user_id=said.user_id,
                user_name=kept_name,
                text=kept_text,
                at=said.at,
                permalink=case((refused, None), else_=literal(said.permalink[:500]))
                if said.permalink
                else None,
            )
            .on_conflict_do_nothing(index_elements=["platform", "message_id", "channel_id"])
            .returning(table.c.id)
        )
        return self.session.exec(stmt).first() is not None

    def add(self, group_id: int, said: Said) -> bool:
        """Store a message once (insert-or-ignore on its platform id), in ONE statement: the
        words are left out inside the statement when the place opted out of summaries or
        the author asked to be forgotten (`_insert_new`). True when it was new."""
        return self._insert_new(group_id, said, name=said.user_name[:200], text=said.text)

    def add_from_history(
        self, group_id: int, messages: Sequence[Said], keep_before: datetime
    ) -> int:
        """Messages read from a platform's history: new ones are stored, known ones keep their
        row (an event already has the latest text); words older than `keep_before` (the
        retention period) or of someone who asked to be forgotten are not kept. Returns how
        many were new."""
        if not messages:
            return 0
        new = 0
        for said in messages:
            if said.at < keep_before:
                continue
            if self._insert_new(group_id, said, name=said.user_name, text=said.text):
                new += 1
        return new

    def edit(
        self, platform: str, channel_id: str | None, message_id: str, text: str, at: datetime
    ) -> bool:
        """An edit replaces the words, unless they are not kept (opted out, forgotten)."""
        stmt = (
            update(RecordMessage)
            .where(
                col(RecordMessage.platform) == platform, col(RecordMessage.message_id) == message_id
            )
            .where(col(RecordMessage.text).is_not(None))
            .values(text=text, edited_at=at)
        )
        if channel_id is not None:
            stmt = stmt.where(col(RecordMessage.channel_id) == channel_id)
        return bool(self.session.exec(stmt).rowcount)

    def complete(
        self,
        platform: str,
        channel_id: str,
        message_id: str,
        user_name: str,
        permalink: str | None,
    ) -> None:
        """Fill in the author's name and the permalink of a kept message that lacked them."""
        where = (
            col(RecordMessage.platform) == platform,
            col(RecordMessage.message_id) == message_id,
            col(RecordMessage.channel_id) == channel_id,
            col(RecordMessage.text).is_not(None),
        )
        if user_name:
            self.session.exec(
                update(RecordMessage)
                .where(*where, col(RecordMessage.user_name) == "")
                .values(user_name=user_name[:200])
            )
        if permalink:
            self.session.exec(
                update(RecordMessage)
                .where(*where, col(RecordMessage.permalink).is_(None))
                .values(permalink=permalink[:500])
            )

    def delete(self, platform: str, channel_id: str | None, message_ids: Collection[str]) -> int:
        """A deleted message leaves the record (and voices heard) entirely."""
        if not message_ids:
            return 0
        table = SQLModel.metadata.tables[RecordMessage.__tablename__]
        where = [table.c.platform == platform, table.c.message_id.in_(list(message_ids))]
        if channel_id is not None:
            where.append(table.c.channel_id == channel_id)
        result = self.session.exec(table.delete().where(*where))
        return int(result.rowcount or 0)

    # -- reading ----------------------------------------------------------------------------

    def thread(
        self,
        platform: str,
        channel_id: str,
        thread_id: str,
        limit: int | None = None,
        *,
        group_id: int | None = None,
    ) -> list[RecordMessage]:
        """A thread's messages (its first message included) whose words are kept, oldest
        first; with `limit` the newest ones; with `group_id` only that group's."""
        stmt = (
            select(RecordMessage)
            .where(
                col(RecordMessage.platform) == platform,
                RecordMessage.channel_id == channel_id,
                or_(
                    col(RecordMessage.thread_id) == thread_id,
                    col(RecordMessage.message_id) == thread_id,
                ),
                col(RecordMessage.text).is_not(None),
            )
            .order_by(col(RecordMessage.at).desc(), col(RecordMessage.id).desc())
        )
        if group_id is not None:
            stmt = stmt.where(col(RecordMessage.group_id) == group_id)
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(reversed(list(self.session.exec(stmt))))

    def period(
        self,
        platform: str,
        channel_id: str,
        since: datetime,
        until: datetime | None = None,
        limit: int | None = None,
        *,
        group_id: int | None = None,
    ) -> list[RecordMessage]:
        """A channel's messages (threads included) in a period, oldest first; with `limit`
        the newest ones; with `group_id` only that group's (a thread bound to a group of its
        own is never read for its parent channel's group)."""
        stmt = select(RecordMessage).where(
            RecordMessage.platform == platform,
            RecordMessage.channel_id == channel_id,
            col(RecordMessage.at) >= since,
            col(RecordMessage.text).is_not(None),
        )
        if until is not None:
            stmt = stmt.where(col(RecordMessage.at) < until)
        if group_id is not None:
            stmt = stmt.where(col(RecordMessage.group_id) == group_id)
        stmt = stmt.order_by(col(RecordMessage.at).desc(), col(RecordMessage.id).desc())
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(reversed(list(self.session.exec(stmt))))

    def message_at(self, platform: str, channel_id: str, message_id: str) -> datetime | None:
        stmt = select(RecordMessage.at).where(
            RecordMessage.platform == platform,
            RecordMessage.channel_id == channel_id,
            RecordMessage.message_id == message_id,
        )
        return self.session.exec(stmt).first()

    def voices_since(self, group_id: int, since: date) -> dict[tuple[str, str], int]:
        """(platform, user id) → messages since that day: rows of the record, words kept or
        not; weeks before the record began come from the older weekly counts."""
        start = _day_start(since)
        stmt = (
            select(RecordMessage.platform, RecordMessage.user_id, func.count())
            .where(col(RecordMessage.group_id) == group_id, col(RecordMessage.at) >= start)
            .group_by(col(RecordMessage.platform), col(RecordMessage.user_id))
        )
        out: dict[tuple[str, str], int] = defaultdict(int)
        for platform, user_id, count in self.session.exec(stmt):
            out[(platform, user_id)] += int(count)
        first = self.session.exec(
            select(func.min(RecordMessage.at)).where(RecordMessage.group_id == group_id)
        ).one()
        legacy_until = week_start(first.date()) if first is not None else None
        legacy = select(
            Participation.platform, Participation.user_id, func.sum(Participation.messages)
        ).where(Participation.group_id == group_id, Participation.week_start >= week_start(since))
        if legacy_until is not None:
            legacy = legacy.where(Participation.week_start < legacy_until)
        legacy = legacy.group_by(col(Participation.platform), col(Participation.user_id))
        for platform, user_id, total in self.session.exec(legacy):
            out[(platform, user_id)] += int(total or 0)
        return attribute_email(self.session, out)  # list posts count for the linked person

    # -- consent and retention ----------------------------------------------------------------

    def forget(self, group_id: int, platform: str, user_id: str, actor: str, now: datetime) -> int:
        """Take a person's words out of the group's record (the rows stay: who spoke when is
        what voices heard counts); returns how many messages lost their words."""
        stmt = (
            update(RecordMessage)
            .where(
                col(RecordMessage.group_id) == group_id,
                col(RecordMessage.platform) == platform,
                col(RecordMessage.user_id) == user_id,
                col(RecordMessage.text).is_not(None),
            )
            .values(text=None, user_name="", permalink=None, edited_at=None)
        )
        removed = int(self.session.exec(stmt).rowcount or 0)
        row = self.session.exec(
            select(RecordForget).where(
                RecordForget.group_id == group_id,
                RecordForget.platform == platform,
                RecordForget.user_id == user_id,
            )
        ).first()
        if row is None:
            row = RecordForget(
                group_id=group_id, platform=platform, user_id=user_id, forgotten_at=now
            )
        row.forgotten_at = now
        self.session.add(row)
        self._flush_or_conflict("You asked twice at the same moment: try again.")
        self._audit(
            group_id, actor, "record.forget", now, new=f"{platform}:{user_id}: {removed} messages"
        )
        return removed

    def drop_channel_text(self, group_id: int, platform: str, place: str) -> int:
        """A place that opted out keeps no words (rows stay for voices heard). `place` is
        the id the group is bound to: its channel, or the thread that is its own; messages
        of other groups' threads in that channel are theirs and untouched."""
        stmt = (
            update(RecordMessage)
            .where(
                col(RecordMessage.group_id) == group_id,
                col(RecordMessage.platform) == platform,
                or_(
                    col(RecordMessage.channel_id) == place,
                    col(RecordMessage.thread_id) == place,
                    col(RecordMessage.message_id) == place,
                ),
                col(RecordMessage.text).is_not(None),
            )
            .values(text=None, user_name="", permalink=None, edited_at=None)
        )
        return int(self.session.exec(stmt).rowcount or 0)

    def purge_before(self, cutoff: datetime, batch: int = 5000) -> int:
        """Words older than the retention period are removed, a batch at a time (a short
        transaction each, however large the record); returns how many in this batch."""
        ids = list(
            self.session.exec(
                select(RecordMessage.id)
                .where(col(RecordMessage.at) < cutoff, col(RecordMessage.text).is_not(None))
                .limit(batch)
            )
        )
        if not ids:
            return 0
        stmt = (
            update(RecordMessage)
            .where(col(RecordMessage.id).in_(ids))
            .values(text=None, user_name="", permalink=None, edited_at=None)
        )
        self.session.exec(stmt)
        return len(ids)
