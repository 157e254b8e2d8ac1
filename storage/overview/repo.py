"""Reads across all groups for the MAG overview, and the overlaps its digest reported."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select

from bot.ground.states import SponsorState
from storage.base import _Repo
from storage.groups.models import CharterAnswer, Member, MemberRole
from storage.overview.models import ReportedOverlap
from storage.sponsors.models import Sponsor


class OverviewRepo(_Repo):
    """Set-based reads across ALL groups: a fixed number of queries however many groups
    there are (the MAG's overview must not issue one query per group)."""

    def member_profiles(self) -> dict[int, list[tuple[str | None, str | None, int]]]:
        """group id → [(stakeholder group, region, how many members)], one GROUP BY."""
        stmt = select(
            Member.group_id, Member.stakeholder_group, Member.region, func.count()
        ).group_by(col(Member.group_id), col(Member.stakeholder_group), col(Member.region))
        out: dict[int, list[tuple[str | None, str | None, int]]] = defaultdict(list)
        for group_id, stakeholder, region, count in self.session.exec(stmt):
            out[group_id].append((stakeholder, region, int(count)))
        return dict(out)

    def chair_counts(self) -> dict[int, int]:
        """group id → how many chairs (a group with none is not in it)."""
        stmt = (
            select(Member.group_id, func.count())
            .where(Member.role == MemberRole.CHAIR.value)
            .group_by(col(Member.group_id))
        )
        return {group_id: int(n) for group_id, n in self.session.exec(stmt)}

    def charter_counts(self) -> dict[int, int]:
        """group id → answered charter questions."""
        stmt = select(CharterAnswer.group_id, func.count()).group_by(col(CharterAnswer.group_id))
        return {group_id: int(n) for group_id, n in self.session.exec(stmt)}

    def charter_texts(self) -> dict[int, list[str]]:
        """group id → its charter answers, in question order (for topic overlaps)."""
        stmt = select(CharterAnswer.group_id, CharterAnswer.answer).order_by(
            col(CharterAnswer.group_id), col(CharterAnswer.question)
        )
        out: dict[int, list[str]] = defaultdict(list)
        for group_id, answer in self.session.exec(stmt):
            out[group_id].append(answer)
        return dict(out)

    def active_sponsors(self) -> dict[int, list[Sponsor]]:
        """group id → sponsors who have not stepped down."""
        stmt = (
            select(Sponsor)
            .where(Sponsor.state != SponsorState.STEPPED_DOWN.value)
            .order_by(col(Sponsor.group_id), col(Sponsor.id))
        )
        out: dict[int, list[Sponsor]] = defaultdict(list)
        for sponsor in self.session.exec(stmt):
            out[sponsor.group_id].append(sponsor)
        return dict(out)


class ReportedOverlapRepo(_Repo):
    def pairs(self) -> set[tuple[int, int]]:
        """Every (lower id, higher id) pair already reported in a digest."""
        stmt = select(ReportedOverlap.group_a_id, ReportedOverlap.group_b_id)
        return {(a, b) for a, b in self.session.exec(stmt)}

    def last_reported_at(self) -> datetime | None:
        """When the latest digest marked pairs (the digest goes out once a week)."""
        return self.session.exec(select(func.max(ReportedOverlap.reported_at))).one()

    def marked_at(self, moment: datetime) -> set[tuple[int, int]]:
        """The pairs one digest marked (its claim's moment): what a resumed send repeats."""
        stmt = select(ReportedOverlap.group_a_id, ReportedOverlap.group_b_id).where(
            ReportedOverlap.reported_at == moment
        )
        return {(a, b) for a, b in self.session.exec(stmt)}

    def scores(self, pairs: Collection[tuple[int, int]]) -> list[tuple[int, int, float]]:
        rows = self.session.exec(select(ReportedOverlap)).all()
        return [
            (r.group_a_id, r.group_b_id, r.score)
            for r in rows
            if (r.group_a_id, r.group_b_id) in pairs
        ]

    def mark(self, pairs: list[tuple[int, int, float]], now: datetime) -> None:
        """Record pairs as reported; the unique key refuses a pair reported concurrently."""
        for a, b, score in pairs:
            low, high = min(a, b), max(a, b)
            self.session.add(
                ReportedOverlap(group_a_id=low, group_b_id=high, score=score, reported_at=now)
            )
        self._flush_or_conflict("Another process reported these overlaps at the same moment.")
