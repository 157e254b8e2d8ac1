"""What a command sees: who, where, when, the open transaction and the channel's group."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.core.messages import Actor, Where
from bot.core.params import Vocabularies
from bot.core.ports import Services
from bot.domain.dates import local_today
from bot.ground.errors import NotBound, PermissionDenied
from storage.database import Database
from storage.groups.models import Member, MemberRole, WorkingGroup
from storage.store import Store

if TYPE_CHECKING:
    from bot.core.settings import CommandSettings

NOT_BOUND_MESSAGE = (
    "This channel is not bound to a working group yet: create one with `/wg create NAME`."
)


@dataclass
class Context:
    actor: Actor
    where: Where
    store: Store
    settings: CommandSettings
    vocabularies: Vocabularies
    now: datetime
    group: WorkingGroup | None
    services: Services
    database: Database | None = None
    # Groups with scheduled messages this command made due (a welcome): the dispatcher wakes
    # the delivery table for them once the command's transaction is committed.
    due_now: set[int] = field(default_factory=set)

    def deliver_soon(self, group_id: int) -> None:
        """Ask for this group's due messages to go out now rather than at the next sweep."""
        self.due_now.add(group_id)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """A short transaction of its own, for commands with `own_transactions`: committed
        when the block ends; `ctx.store` points at it meanwhile."""
        assert self.database is not None, "this context has no database"
        outer = self.store
        with self.database.session() as session:
            self.store = Store(session)
            try:
                yield self.store
            finally:
                self.store = outer

    @property
    def actor_key(self) -> str:
        return self.actor.key

    @property
    def is_admin(self) -> bool:
        return self.settings.is_admin(self.actor.platform.value, self.actor.user_id)

    @property
    def bound_channel_id(self) -> str:
        """The id this conversation's group is bound to: the thread's own id when the thread
        has a group of its own, else the channel's. Per-channel settings (summary opt-out,
        what `/summarize` reads) use this, never a parent's id by accident."""
        thread = self.where.thread_id
        if thread and self.store.groups.by_channel(self.where.platform.value, thread):
            return thread
        return self.where.channel_id

    def thread_has_own_group(self) -> bool:
        thread = self.where.thread_id
        return bool(thread) and self.bound_channel_id == thread

    def require_group(self) -> WorkingGroup:
        if self.group is None:
            raise NotBound(NOT_BOUND_MESSAGE)
        return self.group

    @property
    def group_id(self) -> int:
        group_id = self.require_group().id
        assert group_id is not None
        return group_id

    @property
    def today(self) -> date:
        """Today in the group's timezone (or the bot's, outside a group)."""
        timezone = self.group.timezone if self.group else self.settings.wgbot_timezone
        return local_today(self.now, timezone)

    def membership(self) -> Member | None:
        if self.group is None:
            return None
        return self.store.members.get(self.group_id, self.actor.platform.value, self.actor.user_id)

    def is_chair(self) -> bool:
        member = self.membership()
        return member is not None and member.role == MemberRole.CHAIR.value

    def require_chair(self) -> None:
        if not (self.is_admin or self.is_chair()):
            raise PermissionDenied(
                "Only a chair of this group or a MAG admin can do that: ask a chair "
                "(see `/wg status`) to name you with `\ue000/wg chair @you`."
            )

    def require_mag(self) -> None:
        platform, user_id = self.actor.platform.value, self.actor.user_id
        if self.is_admin or self.store.sponsors.sponsors_anything(platform, user_id):
            return
        raise PermissionDenied(
            "Only MAG admins and MAG sponsors can see across all groups: admins are listed in "
            "WGBOT_ADMINS, sponsors are named with `\ue000/wg sponsor @user`."
        )

    def require_admin(self) -> None:
        if not self.is_admin:
            raise PermissionDenied(
                "Only MAG admins can do that: admins are listed in WGBOT_ADMINS."
            )
