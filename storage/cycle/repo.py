"""The cycle's repository: the MAG's meeting dates, each group's cycle year, the chairs'
milestone moves and marks, and the rollover's renewal answers."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlmodel import col, select

from storage.base import _Repo
from storage.cycle.models import Cycle, GroupCycle, MilestoneMark, Renewal
from storage.groups.models import WorkingGroup


class CycleRepo(_Repo):
    def get(self, year: int) -> Cycle | None:
        return self.session.exec(select(Cycle).where(Cycle.year == year)).first()

    def newest(self) -> Cycle | None:
        return self.session.exec(select(Cycle).order_by(col(Cycle.year).desc())).first()

    def set_meeting(
        self, year: int, meeting: date, final_report: timedelta, actor: str, now: datetime
    ) -> bool:
        """Set a year's meeting date; False when it already was. A cycle newer than every
        other first pins each group to the cycle it is in (groups change cycle by rollover).

        A group's deadline is its final report: the groups in this cycle without one (or
        with the old meeting's default) get the default, `final_report` after the meeting."""
        existing = self.get(year)
        if existing is not None:
            if existing.meeting == meeting:
                return False
            self._audit(None, actor, "cycle.meeting", now, old=existing.meeting, new=meeting)
            old_default = existing.meeting + final_report
            existing.meeting, existing.set_by, existing.set_at = meeting, actor, now
            self.session.add(existing)
            self.session.flush()
            self._default_deadlines(year, old_default, meeting + final_report, actor, now)
            return True
        newest = self.newest()
        if newest is not None and newest.year < year:
            pinned = {g.group_id for g in self.session.exec(select(GroupCycle))}
            for group in self.session.exec(select(WorkingGroup)):
                if group.id is not None and group.id not in pinned:
                    self.session.add(GroupCycle(group_id=group.id, year=newest.year))
        self.session.add(Cycle(year=year, meeting=meeting, set_by=actor, set_at=now))
        self._audit(None, actor, "cycle.set", now, new=f"{year}: meeting {meeting}")
        self.session.flush()
        self._default_deadlines(year, None, meeting + final_report, actor, now)
        return True

    def _default_deadlines(
        self, year: int, old: date | None, new: date, actor: str, now: datetime
    ) -> None:
        for group in self.session.exec(select(WorkingGroup)):
            assert group.id is not None
            if self.year_of(group.id) != year or group.deadline not in (None, old):
                continue
            self.start_deadline(group, new, actor, now)

    def start_deadline(self, group: WorkingGroup, day: date, actor: str, now: datetime) -> None:
        """The group's final report (its deadline) at the cycle's default."""
        self._audit(group.id, actor, "group.deadline", now, old=group.deadline, new=day)
        group.deadline = day
        self.session.add(group)

    def all(self) -> list[Cycle]:
        return list(self.session.exec(select(Cycle).order_by(col(Cycle.year))))

    def rows_of(self, group_ids: Collection[int]) -> list[GroupCycle]:
        """Many groups' cycle rows in one query (the overview reads every group)."""
        if not group_ids:
            return []
        return list(
            self.session.exec(
                select(GroupCycle).where(col(GroupCycle.group_id).in_(set(group_ids)))
            )
        )

    def marks_of(self, group_ids: Collection[int]) -> list[MilestoneMark]:
        if not group_ids:
            return []
        return list(
            self.session.exec(
                select(MilestoneMark).where(col(MilestoneMark.group_id).in_(set(group_ids)))
            )
        )

    def year_of(self, group_id: int) -> int | None:
        """The cycle a group is in: its newest row, else the newest cycle (None: no cycle)."""
        row = self.session.exec(
            select(GroupCycle)
            .where(GroupCycle.group_id == group_id)
            .order_by(col(GroupCycle.year).desc())
        ).first()
        if row is not None:
            return row.year
        newest = self.newest()
        return newest.year if newest else None

    def group_cycle(self, group_id: int, year: int) -> GroupCycle | None:
        return self.session.exec(
            select(GroupCycle).where(GroupCycle.group_id == group_id, GroupCycle.year == year)
        ).first()

    def years_of(self, group_id: int) -> list[GroupCycle]:
        return list(
            self.session.exec(
                select(GroupCycle)
                .where(GroupCycle.group_id == group_id)
                .order_by(col(GroupCycle.year))
            )
        )

    def _row(self, group_id: int, year: int) -> GroupCycle:
        row = self.group_cycle(group_id, year)
        if row is None:
            row = GroupCycle(group_id=group_id, year=year)
            self.session.add(row)
        return row

    def set_list_reminders(
        self, group_id: int, year: int, on: bool, actor: str, now: datetime
    ) -> bool:
        row = self._row(group_id, year)
        if row.list_reminders == on:
            return False
        row.list_reminders = on
        self.session.add(row)
        self._audit(group_id, actor, "cycle.list_reminders", now, old=not on, new=on)
        return True

    def marks(self, group_id: int, year: int) -> list[MilestoneMark]:
        return list(
            self.session.exec(
                select(MilestoneMark).where(
                    MilestoneMark.group_id == group_id, MilestoneMark.year == year
                )
            )
        )

    def _mark(self, group_id: int, year: int, key: str, actor: str, now: datetime) -> MilestoneMark:
        found = self.session.exec(
            select(MilestoneMark).where(
                MilestoneMark.group_id == group_id,
                MilestoneMark.year == year,
                MilestoneMark.key == key,
            )
        ).first()
        if found is None:
            found = MilestoneMark(
                group_id=group_id, year=year, key=key, updated_by=actor, updated_at=now
            )
        found.updated_by, found.updated_at = actor, now
        return found

    def move(
        self, group_id: int, year: int, key: str, due: date, actor: str, now: datetime
    ) -> None:
        mark = self._mark(group_id, year, key, actor, now)
        self._audit(group_id, actor, f"milestone.{key}", now, old=mark.due, new=due)
        mark.due = due
        self.session.add(mark)

    def mark_done(
        self, group_id: int, year: int, key: str, day: date | None, actor: str, now: datetime
    ) -> None:
        """Done on `day`, or not done again (None)."""
        mark = self._mark(group_id, year, key, actor, now)
        self._audit(group_id, actor, f"milestone.{key}.done", now, old=mark.done_on, new=day)
        mark.done_on = day
        self.session.add(mark)

    def roll_over(
        self, group_id: int, old: int | None, new: int, actor: str, now: datetime
    ) -> None:
        """Close the group's cycle `old` (read-only from now on) and enter `new`."""
        if old is not None:
            row = self._row(group_id, old)
            row.closed_at, row.closed_by = now, actor
            self.session.add(row)
        self._row(group_id, new)
        self._audit(group_id, actor, "cycle.rollover", now, old=old, new=new)
        self.session.flush()

    def closed_years(self, group_id: int) -> list[int]:
        return [r.year for r in self.years_of(group_id) if r.closed_at is not None]

    # The rollover's question to each member.

    def ask_renewal(
        self, group_id: int, year: int, people: list[tuple[str, str]], now: datetime
    ) -> None:
        for platform, user_id in people:
            if self.renewal(group_id, year, platform, user_id) is None:
                self.session.add(
                    Renewal(
                        group_id=group_id,
                        year=year,
                        platform=platform,
                        user_id=user_id,
                        asked_at=now,
                    )
                )
        self.session.flush()

    def renewal(self, group_id: int, year: int, platform: str, user_id: str) -> Renewal | None:
        return self.session.exec(
            select(Renewal).where(
                Renewal.group_id == group_id,
                Renewal.year == year,
                Renewal.platform == platform,
                Renewal.user_id == user_id,
            )
        ).first()

    def renewals(self, group_id: int, year: int) -> list[Renewal]:
        return list(
            self.session.exec(
                select(Renewal)
                .where(Renewal.group_id == group_id, Renewal.year == year)
                .order_by(col(Renewal.id))
            )
        )

    def answer_renewal(self, renewal: Renewal, answer: str, now: datetime) -> bool:
        if renewal.answer == answer:
            return False
        self._audit(
            renewal.group_id,
            f"{renewal.platform}:{renewal.user_id}",
            "renewal.answer",
            now,
            old=renewal.answer,
            new=answer,
        )
        renewal.answer, renewal.answered_at = answer, now
        self.session.add(renewal)
        return True

    def lapsed(self, group_id: int, now: datetime, window: timedelta) -> set[tuple[str, str]]:
        """Members out of coverage: they said No, or did not answer within `window`, when
        their group last rolled over."""
        year = self.year_of(group_id)
        if year is None:
            return set()
        return {
            (r.platform, r.user_id)
            for r in self.renewals(group_id, year)
            if r.answer == "no" or (r.answer is None and r.asked_at + window <= now)
        }
