"""Working groups and the channels they are bound to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import col, select

from bot.ground.errors import Conflict
from bot.ground.normalise import compare_key, quoted
from storage.base import _Repo
from storage.groups.models import ChannelBinding, WorkingGroup


def name_key(name: str) -> str:
    """Group names are duplicates when they look alike (`BPF\u200bCyber` is `bpf cyber`)."""
    return compare_key(name)


class GroupRepo(_Repo):
    def by_channel(self, platform: str, channel_id: str) -> WorkingGroup | None:
        stmt = (
            select(WorkingGroup)
            .join(ChannelBinding, col(ChannelBinding.group_id) == col(WorkingGroup.id))
            .where(ChannelBinding.platform == platform, ChannelBinding.channel_id == channel_id)
        )
        return self.session.exec(stmt).first()

    def by_name(self, name: str) -> WorkingGroup | None:
        return self.session.exec(
            select(WorkingGroup).where(WorkingGroup.name_key == name_key(name))
        ).first()

    def get(self, group_id: int) -> WorkingGroup | None:
        return self.session.get(WorkingGroup, group_id)

    def all(self) -> list[WorkingGroup]:
        return list(self.session.exec(select(WorkingGroup).order_by(col(WorkingGroup.name))))

    def create(self, name: str, fmt: str, timezone: str, actor: str, now: datetime) -> WorkingGroup:
        if self.by_name(name):
            raise Conflict(
                f"A working group named {quoted(name)} exists already: choose another name."
            )
        group = WorkingGroup(
            name=name.strip(),
            name_key=name_key(name),
            format=fmt,
            timezone=timezone,
            created_by=actor,
            created_at=now,
        )
        self.session.add(group)
        self._flush_or_conflict(f"A working group named {quoted(name)} exists already.")
        assert group.id is not None
        self._audit(group.id, actor, "group.create", now, new=f"{group.name} ({fmt})")
        return group

    def bind(
        self, group: WorkingGroup, platform: str, channel_id: str, actor: str, now: datetime
    ) -> ChannelBinding:
        assert group.id is not None
        binding = ChannelBinding(
            group_id=group.id,
            platform=platform,
            channel_id=channel_id,
            team_id=self.workspace[0],
            enterprise_id=self.workspace[1],
            bound_by=actor,
            bound_at=now,
        )
        self.session.add(binding)
        self._flush_or_conflict("This channel is already bound to a working group.")
        self._audit(group.id, actor, "channel.bind", now, new=f"{platform}:{channel_id}")
        return binding

    def platforms_in_use(self) -> set[str]:
        """The platforms any group is bound on."""
        stmt = select(ChannelBinding.platform).distinct()
        return set(self.session.exec(stmt))

    def channels(self, group_id: int) -> list[ChannelBinding]:
        return list(
            self.session.exec(select(ChannelBinding).where(ChannelBinding.group_id == group_id))
        )

    def set_field(
        self, group: WorkingGroup, field: str, value: Any, actor: str, now: datetime
    ) -> bool:
        """Set and audit one field; False (nothing written) when it already had that value."""
        old = getattr(group, field)
        if old == value:
            return False
        setattr(group, field, value)
        self.session.add(group)
        self._audit(group.id, actor, f"group.{field}", now, old=old, new=value)
        return True
