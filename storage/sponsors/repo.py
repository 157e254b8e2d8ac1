"""MAG sponsors of groups and the state each one is in."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from bot.ground.states import SponsorState
from storage.base import _Repo
from storage.sponsors.models import Sponsor


class SponsorRepo(_Repo):
    def of_group(self, group_id: int, *, include_stepped_down: bool = False) -> list[Sponsor]:
        stmt = select(Sponsor).where(Sponsor.group_id == group_id).order_by(col(Sponsor.id))
        rows = self._read_once(("sponsors", group_id), lambda: list(self.session.exec(stmt)))
        if include_stepped_down:
            return rows
        return [s for s in rows if s.state != SponsorState.STEPPED_DOWN.value]

    def of_user(self, platform: str, user_id: str) -> list[Sponsor]:
        """The groups one person sponsors (stepped-down ones left out)."""
        rows = self.session.exec(
            select(Sponsor)
            .where(Sponsor.platform == platform, Sponsor.user_id == user_id)
            .order_by(col(Sponsor.group_id))
        )
        return [s for s in rows if s.state != SponsorState.STEPPED_DOWN.value]

    def sponsors_anything(self, platform: str, user_id: str) -> bool:
        """Whether this person is an active MAG sponsor of any group."""
        stmt = (
            select(Sponsor.id)
            .where(
                Sponsor.platform == platform,
                Sponsor.user_id == user_id,
                Sponsor.state != SponsorState.STEPPED_DOWN.value,
            )
            .limit(1)
        )
        return self.session.exec(stmt).first() is not None

    def get(self, group_id: int, platform: str, user_id: str) -> Sponsor | None:
        return self.session.exec(
            select(Sponsor).where(
                Sponsor.group_id == group_id,
                Sponsor.platform == platform,
                Sponsor.user_id == user_id,
            )
        ).first()

    def assign(
        self,
        group_id: int,
        platform: str,
        user_id: str,
        display_name: str,
        actor: str,
        now: datetime,
    ) -> tuple[Sponsor, bool]:
        """Assign (or re-assign after stepping down); returns (sponsor, changed)."""
        sponsor = self.get(group_id, platform, user_id)
        if sponsor is not None and sponsor.state != SponsorState.STEPPED_DOWN.value:
            return sponsor, False
        if sponsor is None:
            sponsor = Sponsor(
                group_id=group_id,
                platform=platform,
                user_id=user_id,
                assigned_by=actor,
                assigned_at=now,
                updated_at=now,
            )
        if self.workspace[0] is not None:
            sponsor.team_id, sponsor.enterprise_id = self.workspace
        sponsor.display_name = display_name or sponsor.display_name
        sponsor.state, sponsor.state_until = SponsorState.UNCONFIRMED.value, None
        sponsor.assigned_by, sponsor.assigned_at = actor, now
        sponsor.updated_at = now
        self.session.add(sponsor)
        self._flush_or_conflict("That sponsor was assigned at the same moment: try again.")
        self._audit(group_id, actor, "sponsor.assign", now, new=f"{platform}:{user_id}")
        return sponsor, True

    def set_state(
        self,
        sponsor: Sponsor,
        state: SponsorState,
        until: datetime | None,
        actor: str,
        now: datetime,
    ) -> None:
        old = sponsor.state
        sponsor.state = state.value
        sponsor.state_until = until if until else None
        sponsor.updated_at = now
        self.session.add(sponsor)
        self._audit(
            sponsor.group_id,
            actor,
            "sponsor.state",
            now,
            old=f"{sponsor.platform}:{sponsor.user_id} {old}",
            new=f"{state.value}" + (f" until {until.isoformat()}" if until else ""),
        )
