"""The repositories behind commands: every query and every write lives here.

A Store wraps one Session (one transaction, opened by the dispatcher). Every mutation also
writes an audit entry, so nothing changes without a trace of who, what, when, old → new.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel, col, select

from bot.core.errors import Conflict
from bot.core.normalise import compare_key, quoted
from bot.domain.organisations import org_key
from storage.models import (
    Ask,
    AskStatus,
    AuditEntry,
    ChannelBinding,
    CharterAnswer,
    Member,
    MemberRole,
    Participation,
    Sponsor,
    SponsorState,
    WorkingGroup,
)
from storage.models_overview import Liaison, ReportedOverlap
from storage.models_slack import SlackEventSeen
from storage.models_summarizer import DraftRecord, DraftStatus, SummarizeOptOut, SummaryLock
from storage.repo import _Repo, week_start


def name_key(name: str) -> str:
    """Group names are duplicates when they look alike (`BPF\u200bCyber` is `bpf cyber`)."""
    return compare_key(name)


def _profile(member: Member) -> str:
    """A membership as the audit log shows it: who, as what, from where."""
    name = member.display_name or member.user_id
    stakeholder = member.stakeholder_group or "no stakeholder group"
    region = member.region or "no region"
    return f"{name} ({member.platform}:{member.user_id}): {stakeholder}, {region}, {member.role}"


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


class MemberRepo(_Repo):
    def get(self, group_id: int, platform: str, user_id: str) -> Member | None:
        return self.session.exec(
            select(Member).where(
                Member.group_id == group_id, Member.platform == platform, Member.user_id == user_id
            )
        ).first()

    def of_group(self, group_id: int) -> list[Member]:
        return list(
            self.session.exec(
                select(Member).where(Member.group_id == group_id).order_by(col(Member.id))
            )
        )

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


class CharterRepo(_Repo):
    def answers(self, group_id: int) -> dict[int, CharterAnswer]:
        rows = self.session.exec(select(CharterAnswer).where(CharterAnswer.group_id == group_id))
        return {row.question: row for row in rows}

    def answer(
        self, group_id: int, question: int, text: str, actor: str, actor_name: str, now: datetime
    ) -> CharterAnswer:
        row = self.session.exec(
            select(CharterAnswer).where(
                CharterAnswer.group_id == group_id, CharterAnswer.question == question
            )
        ).first()
        old = row.answer if row else None
        if row is not None and row.answer == text:
            return row  # unchanged: keep its author and date, write nothing
        if row is None:
            row = CharterAnswer(
                group_id=group_id,
                question=question,
                answer=text,
                answered_by=actor,
                answered_at=now,
            )
        row.answer, row.answered_by, row.answered_by_name = text, actor, actor_name
        row.answered_at = now
        self.session.add(row)
        self._flush_or_conflict("Someone answered that question at the same moment: try again.")
        self._audit(group_id, actor, f"charter.q{question}", now, old=old, new=text)
        return row


class SponsorRepo(_Repo):
    def of_group(self, group_id: int, *, include_stepped_down: bool = False) -> list[Sponsor]:
        stmt = select(Sponsor).where(Sponsor.group_id == group_id).order_by(col(Sponsor.id))
        rows = list(self.session.exec(stmt))
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


class AskRepo(_Repo):
    def open(self, group_id: int) -> list[Ask]:
        return list(
            self.session.exec(
                select(Ask)
                .where(Ask.group_id == group_id, Ask.status == AskStatus.OPEN.value)
                .order_by(col(Ask.id))
            )
        )

    def get(self, group_id: int, number: int) -> Ask | None:
        return self.session.exec(
            select(Ask).where(Ask.group_id == group_id, Ask.number == number)
        ).first()

    def add(self, group_id: int, text: str, actor: str, actor_name: str, now: datetime) -> Ask:
        # Asks arriving at once are numbered one after another, not refused: the group's row
        # is locked first (PostgreSQL; SQLite's write transactions are serial already).
        self.session.exec(
            select(WorkingGroup.id).where(WorkingGroup.id == group_id).with_for_update()
        ).first()
        top = self.session.exec(select(func.max(Ask.number)).where(Ask.group_id == group_id)).one()
        ask = Ask(
            group_id=group_id,
            number=int(top or 0) + 1,
            text=text,
            asked_by=actor,
            asked_by_name=actor_name,
            asked_at=now,
        )
        self.session.add(ask)
        self._flush_or_conflict("Someone else asked at the same moment: send yours again.")
        self._audit(group_id, actor, "ask.add", now, new=f"#{ask.number} {text}")
        return ask

    def close(self, ask: Ask, actor: str, now: datetime) -> None:
        ask.status, ask.closed_by, ask.closed_at = AskStatus.DONE.value, actor, now
        self.session.add(ask)
        self._audit(ask.group_id, actor, "ask.done", now, old=f"#{ask.number} open", new="done")


class AuditRepo(_Repo):
    def count(self) -> int:
        return int(self.session.exec(select(func.count()).select_from(AuditEntry)).one())

    def history(self, group_id: int, limit: int = 50) -> list[AuditEntry]:
        return list(
            self.session.exec(
                select(AuditEntry)
                .where(AuditEntry.group_id == group_id)
                .order_by(col(AuditEntry.id).desc())
                .limit(limit)
            )
        )


class ParticipationRepo(_Repo):
    def record_message(self, group_id: int, platform: str, user_id: str, day: date) -> None:
        """Count one message; an atomic upsert, so concurrent events never lose a count."""
        values = {
            "group_id": group_id,
            "platform": platform,
            "user_id": user_id,
            "week_start": week_start(day),
            "messages": 1,
        }
        table = SQLModel.metadata.tables[Participation.__tablename__]
        keys = ["group_id", "platform", "user_id", "week_start"]
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(table).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=keys, set_={"messages": table.c.messages + 1}
        )
        self.session.exec(stmt)

    def messages_since(self, group_id: int, since: date) -> dict[tuple[str, str], int]:
        """(platform, user_id) → messages in the weeks starting on or after `since`'s week."""
        stmt = (
            select(Participation.platform, Participation.user_id, func.sum(Participation.messages))
            .where(
                Participation.group_id == group_id, Participation.week_start >= week_start(since)
            )
            .group_by(col(Participation.platform), col(Participation.user_id))
        )
        out: dict[tuple[str, str], int] = defaultdict(int)
        for platform, user_id, total in self.session.exec(stmt):
            out[(platform, user_id)] += int(total or 0)
        return dict(out)


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


class LiaisonRepo(_Repo):
    def of_group(self, group_id: int) -> list[Liaison]:
        stmt = select(Liaison).where(Liaison.group_id == group_id).order_by(col(Liaison.org_key))
        return list(self.session.exec(stmt))

    def all(self) -> list[Liaison]:
        """Every liaison of every group, by body then group (one query)."""
        stmt = select(Liaison).order_by(col(Liaison.org_key), col(Liaison.group_id))
        return list(self.session.exec(stmt))

    def get(self, group_id: int, org: str) -> Liaison | None:
        return self.session.exec(
            select(Liaison).where(Liaison.group_id == group_id, Liaison.org_key == org_key(org))
        ).first()

    def add(
        self, group_id: int, org: str, contact: str | None, actor: str, now: datetime
    ) -> tuple[Liaison, bool]:
        """Add a liaison, or update its contact; returns (liaison, created)."""
        row = self.get(group_id, org)
        created = row is None
        old = None if row is None else f"{row.org_name} ({row.contact or 'no contact'})"
        if row is None:
            row = Liaison(
                group_id=group_id,
                org_key=org_key(org),
                org_name=org.strip(),
                added_by=actor,
                added_at=now,
            )
        if contact is not None:
            row.contact = contact
        self.session.add(row)
        self._flush_or_conflict("That liaison was added at the same moment: try again.")
        new = f"{row.org_name} ({row.contact or 'no contact'})"
        self._audit(group_id, actor, "liaison.add", now, old=old, new=new)
        return row, created

    def remove(self, row: Liaison, actor: str, now: datetime) -> None:
        self.session.delete(row)
        self._audit(row.group_id, actor, "liaison.remove", now, old=row.org_name)


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


class SummarizerRepo(_Repo):
    """Drafts, the per-channel opt-out, the per-group lock and what was sent to an LLM."""

    def opted_out(self, platform: str, channel_id: str) -> bool:
        stmt = select(SummarizeOptOut).where(
            SummarizeOptOut.platform == platform, SummarizeOptOut.channel_id == channel_id
        )
        return self.session.exec(stmt).first() is not None

    def set_opt_out(
        self, group_id: int, platform: str, channel_id: str, off: bool, actor: str, now: datetime
    ) -> bool:
        """Returns True when something changed."""
        row = self.session.exec(
            select(SummarizeOptOut).where(
                SummarizeOptOut.platform == platform, SummarizeOptOut.channel_id == channel_id
            )
        ).first()
        if off == (row is not None):
            return False
        if row is None:
            self.session.add(
                SummarizeOptOut(
                    group_id=group_id,
                    platform=platform,
                    channel_id=channel_id,
                    set_by=actor,
                    set_at=now,
                )
            )
            self._flush_or_conflict("The opt-out was changed at the same moment: try again.")
        else:
            self.session.delete(row)
        new = "off" if off else "on"
        self._audit(group_id, actor, "summarize.optout", now, new=f"{platform}:{channel_id} {new}")
        return True

    def claim(
        self, group_id: int, holder: str, actor: str, now: datetime, stale: timedelta
    ) -> SummaryLock:
        """Take the group's summary lock; returns the current lock, whoever holds it."""
        lock = self.session.get(SummaryLock, group_id)
        if lock is not None and lock.started_at > now - stale:
            return lock
        if lock is not None:  # a run that died without releasing
            self.session.delete(lock)
            self.session.flush()
        lock = SummaryLock(group_id=group_id, holder=holder, started_at=now)
        self.session.add(lock)
        self._flush_or_conflict("A summary of this group has just started: wait for it.")
        return lock

    def release(self, group_id: int, holder: str) -> None:
        lock = self.session.get(SummaryLock, group_id)
        if lock is not None and lock.holder == holder:
            self.session.delete(lock)

    def llm_runs_since(self, actor: str, since: datetime) -> int:
        """Summaries this person sent to an LLM endpoint since then (what the rate limit
        protects); runs that read nothing or stayed offline do not count."""
        stmt = (
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.actor == actor,
                AuditEntry.action == "llm.sent",
                col(AuditEntry.at) >= since,
            )
        )
        return int(self.session.exec(stmt).one())

    def record_sent(self, group_id: int, actor: str, now: datetime, summary: str) -> None:
        """What went to which endpoint: counts and model, never the text."""
        self._audit(group_id, actor, "llm.sent", now, new=summary)

    def drafts(self, group_id: int) -> list[DraftRecord]:
        return list(
            self.session.exec(
                select(DraftRecord)
                .where(DraftRecord.group_id == group_id)
                .order_by(col(DraftRecord.version).desc())
            )
        )

    def latest(self, group_id: int, *, kept_only: bool = False) -> DraftRecord | None:
        for draft in self.drafts(group_id):
            if not kept_only or draft.status != DraftStatus.DISCARDED.value:
                return draft
        return None

    def get(self, draft_id: int) -> DraftRecord | None:
        return self.session.get(DraftRecord, draft_id)

    def latest_of_groups(self, group_ids: Collection[int]) -> dict[int, DraftRecord]:
        """group id → newest draft that was not discarded, for many groups in ONE query."""
        if not group_ids:
            return {}
        kept = col(DraftRecord.status) != DraftStatus.DISCARDED.value
        newest = (
            select(DraftRecord.group_id, func.max(DraftRecord.version).label("version"))
            .where(kept, col(DraftRecord.group_id).in_(list(group_ids)))
            .group_by(col(DraftRecord.group_id))
            .subquery()
        )
        stmt = select(DraftRecord).join(
            newest,
            (col(DraftRecord.group_id) == newest.c.group_id)
            & (col(DraftRecord.version) == newest.c.version),
        )
        return {draft.group_id: draft for draft in self.session.exec(stmt)}

    def add(self, draft: DraftRecord, actor: str, now: datetime) -> DraftRecord:
        """Store a new version (the next number for its group)."""
        top = self.session.exec(
            select(func.max(DraftRecord.version)).where(DraftRecord.group_id == draft.group_id)
        ).one()
        draft.version = int(top or 0) + 1
        self.session.add(draft)
        self._flush_or_conflict("Another draft was stored at the same moment: try again.")
        self._audit(draft.group_id, actor, "draft.add", now, new=f"v{draft.version}")
        return draft

    def set_status(
        self, draft: DraftRecord, status: DraftStatus, actor: str, now: datetime
    ) -> None:
        old = draft.status
        draft.status = status.value
        self.session.add(draft)
        self._audit(draft.group_id, actor, "draft.status", now, old=old, new=status.value)


class SlackEventRepo(_Repo):
    """Slack event ids already handled (redeliveries are dropped)."""

    def claim(self, event_id: str, now: datetime) -> bool:
        """True the first time an event id is seen; an atomic insert-or-ignore, so two
        processes receiving the same redelivered event count it once."""
        table = SQLModel.metadata.tables[SlackEventSeen.__tablename__]
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        stmt = (
            insert(table)
            .values(event_id=event_id, seen_at=now)
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(table.c.id)  # rowcount is -1 under psycopg 3; RETURNING is exact
        )
        return self.session.exec(stmt).first() is not None

    def forget_before(self, cutoff: datetime) -> None:
        """Drop ids older than Slack's retry window (the table stays small)."""
        table = SQLModel.metadata.tables[SlackEventSeen.__tablename__]
        self.session.exec(table.delete().where(table.c.seen_at < cutoff))


class Store:
    """The repositories over one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.groups = GroupRepo(session)
        self.members = MemberRepo(session)
        self.charter = CharterRepo(session)
        self.sponsors = SponsorRepo(session)
        self.asks = AskRepo(session)
        self.audit = AuditRepo(session)
        self.participation = ParticipationRepo(session)
        self.overview = OverviewRepo(session)
        self.liaisons = LiaisonRepo(session)
        self.reported_overlaps = ReportedOverlapRepo(session)
        self.summarizer = SummarizerRepo(session)
        # Scheduler repositories live in their own module (imported late: it builds on _Repo).
        from storage.store_record import RecordRepo
        from storage.store_scheduler import CoverageMuteRepo, DeliveryRepo

        self.deliveries = DeliveryRepo(session)
        self.coverage_mutes = CoverageMuteRepo(session)
        self.slack_events = SlackEventRepo(session)
        self.record = RecordRepo(session)
        from storage.store_consensus import StatementRepo, VoteRepo

        self.statements = StatementRepo(session)
        self.votes = VoteRepo(session)
        from storage.store_slack import SlackWorkspaceRepo

        self.slack_workspaces = SlackWorkspaceRepo(session)
        from storage.store_llm import LLMEndpointRepo

        self.llm_endpoints = LLMEndpointRepo(session)

    def in_workspace(self, team_id: str | None, enterprise_id: str | None) -> None:
        """Bindings, memberships and sponsors made in this transaction carry the workspace
        the request came from (a Slack team, an Enterprise Grid org)."""
        for repo in (self.groups, self.members, self.sponsors):
            repo.workspace = (team_id, enterprise_id)
