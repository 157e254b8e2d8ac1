"""The people repository: per-person settings that hold in every group (their timezone).

Writes are upserts on (platform, user_id), so two processes learning one person's timezone
at once both succeed, and neither creates a twin."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, col, select

from storage.base import _Repo
from storage.people.models import Person, TimezoneSource

PersonKey = tuple[str, str]  # platform, user_id


class ZoneFrom(StrEnum):
    """Where a person's timezone came from, in the order it is looked for."""

    OWN = "own"  # `/wg timezone` (or a chair's `tz:`)
    PLATFORM = "platform"  # their platform profile (Slack)
    GROUP = "group"  # nothing known of them: the group's


def zone_of(person: Person | None, group_zone: str) -> tuple[str, ZoneFrom]:
    """The one fallback rule: own setting, then the platform's, then the group's."""
    if person is not None and person.timezone:
        return person.timezone, ZoneFrom.OWN
    if person is not None and person.platform_timezone:
        return person.platform_timezone, ZoneFrom.PLATFORM
    return group_zone, ZoneFrom.GROUP


class PeopleRepo(_Repo):
    def get(self, platform: str, user_id: str) -> Person | None:
        stmt = select(Person).where(Person.platform == platform, Person.user_id == user_id)
        # The upserts bypass the session: read the row as the database holds it.
        return self.session.exec(stmt.execution_options(populate_existing=True)).first()

    def set_timezone(
        self,
        platform: str,
        user_id: str,
        timezone: str | None,
        source: TimezoneSource,
        actor: str,
        now: datetime,
    ) -> bool:
        """The person's own timezone (None clears it). A chair's (`source=CHAIR`) never
        replaces one the person set themselves; False when it did not."""
        row = self.get(platform, user_id)
        theirs = row is not None and row.timezone_source == TimezoneSource.SELF.value
        if theirs and source is TimezoneSource.CHAIR and row is not None and row.timezone:
            return False
        old = row.timezone if row else None
        self._upsert(
            platform,
            user_id,
            now,
            timezone=timezone,
            timezone_source=source.value if timezone else None,
        )
        self._audit(
            None, actor, "person.timezone", now, old=old, new=f"{platform}:{user_id} {timezone}"
        )
        return True

    def learn_platform_timezone(
        self, platform: str, user_id: str, timezone: str | None, now: datetime
    ) -> None:
        """What the platform says (None: it says nothing); the time it was asked is kept so
        the scheduler asks again only now and then."""
        self._upsert(platform, user_id, now, platform_timezone=timezone, platform_timezone_at=now)

    def timezones(self, keys: Collection[PersonKey], group_zone: str) -> dict[PersonKey, str]:
        """Each person's timezone by `zone_of`, in one query."""
        wanted = set(keys)
        if not wanted:
            return {}
        user_ids = {user_id for _, user_id in wanted}
        stmt = select(Person).where(col(Person.user_id).in_(user_ids))
        rows = {(row.platform, row.user_id): row for row in self.session.exec(stmt)}
        return {key: zone_of(rows.get(key), group_zone)[0] for key in wanted}

    def to_learn(
        self, platform: str, user_ids: Collection[str], asked_before: datetime
    ) -> list[str]:
        """Of these people, those whose platform timezone is worth asking for: no own
        setting, and never asked or asked before `asked_before`."""
        if not user_ids:
            return []
        stmt = select(Person).where(
            Person.platform == platform, col(Person.user_id).in_(set(user_ids))
        )
        rows = {row.user_id: row for row in self.session.exec(stmt)}
        out = []
        for user_id in sorted(set(user_ids)):
            row = rows.get(user_id)
            if row is not None and row.timezone:
                continue
            asked = row.platform_timezone_at if row is not None else None
            if asked is None or asked < asked_before:
                out.append(user_id)
        return out

    def _upsert(self, platform: str, user_id: str, now: datetime, **values: Any) -> None:
        table = SQLModel.metadata.tables[Person.__tablename__]
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(table).values(platform=platform, user_id=user_id, updated_at=now, **values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["platform", "user_id"], set_={**values, "updated_at": now}
        )
        self.session.exec(stmt)
