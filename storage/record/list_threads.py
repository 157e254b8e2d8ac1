"""A mailing-list thread owned by a group of its own (`/wg list thread MESSAGE-ID`): its
binding, the record rows it takes over, the lists its posts came through. Words belong to the
group that owns the place they were said in: the thread's posts are that group's, never the
list's group's (storage/record/repo.py reads by group)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, update
from sqlmodel import col, select

from storage.base import _Repo
from storage.groups.models import ChannelBinding
from storage.record.models import RecordMessage

EMAIL = "email"  # list posts' platform in the record
EMAIL_THREAD = "email_thread"  # the binding's platform (bot/domain/list_threads.py)


class ListThreadRepo(_Repo):
    def bound(self, group_id: int) -> list[ChannelBinding]:
        """The list threads this group owns."""
        stmt = select(ChannelBinding).where(
            ChannelBinding.group_id == group_id, ChannelBinding.platform == EMAIL_THREAD
        )
        return list(self.session.exec(stmt.order_by(col(ChannelBinding.bound_at))))

    def owners(self) -> dict[str, int]:
        """Every owned list thread: its key → the owning group."""
        stmt = select(ChannelBinding.channel_id, ChannelBinding.group_id).where(
            ChannelBinding.platform == EMAIL_THREAD
        )
        return {key: group_id for key, group_id in self.session.exec(stmt)}

    def take_over(self, group_id: int, key: str) -> int:
        """The thread's posts already in the record become the owning group's (they were
        filed under the list's group before the thread had one); returns how many."""
        stmt = (
            update(RecordMessage)
            .where(
                col(RecordMessage.platform) == EMAIL,
                or_(col(RecordMessage.thread_id) == key, col(RecordMessage.message_id) == key),
                col(RecordMessage.group_id) != group_id,
            )
            .values(group_id=group_id)
        )
        return int(self.session.exec(stmt).rowcount or 0)

    def root_of(self, message_id: str) -> str | None:
        """The thread a post already in the record belongs to (its root's key), for a reply
        that names only its parent."""
        row = self.session.exec(
            select(RecordMessage.thread_id, RecordMessage.message_id).where(
                RecordMessage.platform == EMAIL, RecordMessage.message_id == message_id
            )
        ).first()
        return None if row is None else (row[0] or row[1])

    def lists_of(self, group_id: int) -> list[str]:
        """The list addresses the group's list-thread posts came through."""
        stmt = (
            select(RecordMessage.channel_id)
            .where(RecordMessage.group_id == group_id, RecordMessage.platform == EMAIL)
            .distinct()
        )
        return sorted(self.session.exec(stmt))

    def unbind(self, binding: ChannelBinding, actor: str, now: datetime) -> None:
        """The thread is no group's own any more: later posts go to the list's group; the
        posts already kept stay with the group that owned the thread when they came."""
        self.session.delete(binding)
        self.session.flush()
        old = f"{EMAIL_THREAD}:{binding.channel_id}"
        self._audit(binding.group_id, actor, "channel.unbind", now, old=old)
