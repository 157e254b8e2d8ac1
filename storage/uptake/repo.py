"""Outputs and the evidence of their uptake: the only SQL for them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select

from bot.ground.keys import org_key
from storage.base import _Repo
from storage.uptake.models import Output, Uptake


class OutputRepo(_Repo):
    def add(
        self,
        group_id: int,
        title: str,
        url: str,
        published_on: date | None,
        cycle_year: int | None,
        actor: str,
        now: datetime,
    ) -> Output:
        """A new output numbered after the group's last one (a race loses on the unique
        number and is told to try again)."""
        last = self.session.exec(
            select(func.max(Output.number)).where(Output.group_id == group_id)
        ).one()
        row = Output(
            group_id=group_id,
            number=(last or 0) + 1,
            cycle_year=cycle_year,
            title=title,
            url=url,
            published_on=published_on,
            added_by=actor,
            added_at=now,
        )
        self.session.add(row)
        self._flush_or_conflict("Another output was added at the same moment: try again.")
        self._audit(group_id, actor, "output.add", now, new=f"#{row.number} {title} <{url}>")
        return row

    def of_group(self, group_id: int) -> list[Output]:
        stmt = select(Output).where(Output.group_id == group_id).order_by(col(Output.number))
        return list(self.session.exec(stmt))

    def by_number(self, group_id: int, number: int) -> Output | None:
        return self.session.exec(
            select(Output).where(Output.group_id == group_id, Output.number == number)
        ).first()

    def by_id(self, output_id: int) -> Output | None:
        return self.session.get(Output, output_id)

    def of_groups(self, group_ids: list[int]) -> dict[int, list[Output]]:
        """Every output of these groups, by group (one query)."""
        out: dict[int, list[Output]] = defaultdict(list)
        if not group_ids:
            return out
        stmt = (
            select(Output)
            .where(col(Output.group_id).in_(group_ids))
            .order_by(col(Output.group_id), col(Output.number))
        )
        for row in self.session.exec(stmt):
            out[row.group_id].append(row)
        return out

    def remove(self, row: Output, actor: str, now: datetime) -> int:
        """The output and its uptake evidence; returns how many entries went with it."""
        entries = list(self.session.exec(select(Uptake).where(Uptake.output_id == row.id)))
        for entry in entries:
            self.session.delete(entry)
        self.session.flush()
        self.session.delete(row)
        self._audit(row.group_id, actor, "output.remove", now, old=f"#{row.number} {row.title}")
        return len(entries)


class UptakeRepo(_Repo):
    def record(
        self,
        output: Output,
        body: str,
        url: str,
        status: str,
        note: str | None,
        actor: str,
        actor_name: str,
        now: datetime,
    ) -> tuple[Uptake, bool]:
        """Record evidence, or update it when this body and URL were recorded for the output
        already; returns (entry, created)."""
        assert output.id is not None
        key = org_key(body)
        row = self.session.exec(
            select(Uptake).where(
                Uptake.output_id == output.id, Uptake.body_key == key, Uptake.url == url
            )
        ).first()
        created = row is None
        old = None if row is None else f"{row.body_name} {row.status}"
        if row is None:
            row = Uptake(
                output_id=output.id,
                group_id=output.group_id,
                body_key=key,
                body_name=body.strip(),
                url=url,
                recorded_by=actor,
                recorded_by_name=actor_name,
                recorded_at=now,
            )
        row.status = status
        if note is not None:
            row.note = note
        self.session.add(row)
        self._flush_or_conflict("That evidence was recorded at the same moment: try again.")
        new = f"#{output.number} {row.body_name} {status} <{url}>"
        self._audit(output.group_id, actor, "uptake.record", now, old=old, new=new)
        return row, created

    def get(self, group_id: int, entry_id: int) -> Uptake | None:
        row = self.session.get(Uptake, entry_id)
        return row if row is not None and row.group_id == group_id else None

    def of_group(self, group_id: int) -> list[Uptake]:
        stmt = (
            select(Uptake)
            .where(Uptake.group_id == group_id)
            .order_by(col(Uptake.output_id), col(Uptake.body_key), col(Uptake.id))
        )
        return list(self.session.exec(stmt))

    def of_groups(self, group_ids: list[int]) -> dict[int, list[Uptake]]:
        """Every entry of these groups, by group (one query)."""
        out: dict[int, list[Uptake]] = defaultdict(list)
        if not group_ids:
            return out
        stmt = (
            select(Uptake)
            .where(col(Uptake.group_id).in_(group_ids))
            .order_by(col(Uptake.group_id), col(Uptake.output_id), col(Uptake.id))
        )
        for row in self.session.exec(stmt):
            out[row.group_id].append(row)
        return out

    def used_outputs(self, group_ids: list[int]) -> set[int]:
        """The outputs of these groups with at least one entry (one query)."""
        if not group_ids:
            return set()
        stmt = select(Uptake.output_id).where(col(Uptake.group_id).in_(group_ids)).distinct()
        return set(self.session.exec(stmt))

    def all(self) -> list[Uptake]:
        return list(self.session.exec(select(Uptake).order_by(col(Uptake.id))))

    def remove(self, row: Uptake, actor: str, now: datetime) -> None:
        self.session.delete(row)
        self._audit(row.group_id, actor, "uptake.remove", now, old=f"{row.body_name} <{row.url}>")

    def none_known(self, output: Output, actor: str, now: datetime) -> None:
        """An answer to "who used it?": nobody this person knows of, yet."""
        self._audit(output.group_id, actor, "uptake.none_known", now, new=f"#{output.number}")

    def forget_author(
        self, group_id: int, platform: str, user_id: str, actor: str, now: datetime
    ) -> int:
        """A person's notes leave the group's entries they recorded (the evidence itself, a
        body and a public URL, stays: it is about the output, not their words)."""
        who = f"{platform}:{user_id}"
        rows = list(
            self.session.exec(
                select(Uptake).where(Uptake.group_id == group_id, Uptake.recorded_by == who)
            )
        )
        rows = [r for r in rows if r.note is not None or r.recorded_by_name]
        for row in rows:
            row.note = None
            row.recorded_by_name = ""
            self.session.add(row)
        if rows:
            self._audit(group_id, actor, "uptake.forget", now, new=f"{who}: {len(rows)} notes")
        return len(rows)
