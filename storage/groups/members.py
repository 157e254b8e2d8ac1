"""Memberships: who belongs to a group, as what, from where."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from storage.base import _Repo
from storage.groups.models import Member, MemberRole


def _profile(member: Member) -> str:
    """A membership as the audit log shows it: who, as what, from where."""
    name = member.display_name or member.user_id
    stakeholder = member.stakeholder_group or "no stakeholder group"
    region = member.region or "no region"
    return f"{name} ({member.platform}:{member.user_id}): {stakeholder}, {region}, {member.role}"


class MemberRepo(_Repo):
    def get(self, group_id: int, platform: str, user_id: str) -> Member | None:
        return self.session.exec(
            select(Member).where(
                Member.group_id == group_id, Member.platform == platform, Member.user_id == user_id
            )
        ).first()

    def of_group(self, group_id: int) -> list[Member]:
        stmt = select(Member).where(Member.group_id == group_id).order_by(col(Member.id))
        return self._read_once(("members", group_id), lambda: list(self.session.exec(stmt)))

    def of_user(self, platform: str, user_id: str) -> list[Member]:
        """Every membership of one person (their App Home)."""
        return list(
            self.session.exec(
                select(Member)
                .where(Member.platform == platform, Member.user_id == user_id)
                .order_by(col(Member.group_id))
            )
        )

    def chairs(self, group_id: int) -> list[Member]:
        return [m for m in self.of_group(group_id) if m.role == MemberRole.CHAIR.value]

    def join(
        self,
        group_id: int,
        platform: str,
        user_id: str,
        display_name: str,
        stakeholder_group: str | None,
        region: str | None,
        role: MemberRole,
        actor: str,
        now: datetime,
    ) -> tuple[Member, bool]:
        """Add or update a membership; returns (member, created)."""
        member = self.get(group_id, platform, user_id)
        created = member is None
        if member is None:
            member = Member(
                group_id=group_id,
                platform=platform,
                user_id=user_id,
                joined_at=now,
                role=role.value,
            )
        old = None if created else _profile(member)
        if self.workspace[0] is not None:
            member.team_id, member.enterprise_id = self.workspace
        member.display_name = display_name or member.display_name
        if stakeholder_group is not None:
            member.stakeholder_group = stakeholder_group
        if region is not None:
            member.region = region
        if role == MemberRole.CHAIR:
            member.role = role.value
        self.session.add(member)
        self._flush_or_conflict("You joined twice at the same moment: try again.")
        self._audit(group_id, actor, "member.join", now, old=old, new=_profile(member))
        return member, created

    def set_role(self, member: Member, role: MemberRole, actor: str, now: datetime) -> None:
        old = _profile(member)
        member.role = role.value
        self.session.add(member)
        self._audit(member.group_id, actor, "member.role", now, old=old, new=_profile(member))

    def leave(self, member: Member, actor: str, now: datetime) -> None:
        self.session.delete(member)
        self._audit(
            member.group_id,
            actor,
            "member.leave",
            now,
            old=_profile(member),
        )
