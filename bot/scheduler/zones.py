"""Learning sponsors' timezones from their platform (Slack `users.info` `tz`), in the
scheduler's threads only: never where a platform waits for an ack.

A person's own `/wg timezone` comes first and is never asked for; the platform's answer is
kept with the time it was asked, and asked again after `REFRESH` (people travel)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from bot.core.messages import Platform
from bot.core.ports import DeliveryError, DeliveryPort, TimezonePort
from bot.domain.timezones import known
from bot.scheduler import recipients
from storage.database import Database
from storage.store import Store

log = logging.getLogger(__name__)

REFRESH = timedelta(days=7)
MAX_LOOKUPS = 100  # per sweep; Slack's users.info allows 100+ a minute (Tier 4)


def learn(
    database: Database,
    ports: Mapping[Platform, DeliveryPort],
    now: datetime,
    group_ids: Iterable[int] | None = None,
    limit: int = MAX_LOOKUPS,
) -> int:
    """Ask the platforms for the timezones of active sponsors (of `group_ids`, else all) not
    known or not asked lately; returns how many answers were kept."""
    wanted = set(group_ids) if group_ids is not None else None
    with database.session(readonly=True) as session:
        store = Store(session)
        by_platform: dict[str, set[str]] = {}
        for group_id, sponsors in store.overview.active_sponsors().items():
            if wanted is not None and group_id not in wanted:
                continue
            for sponsor in sponsors:
                by_platform.setdefault(sponsor.platform, set()).add(sponsor.user_id)
        todo = [
            (platform, user_id)
            for platform, users in sorted(by_platform.items())
            if isinstance(ports.get(Platform(platform)), TimezonePort)
            for user_id in store.people.to_learn(platform, users, now - REFRESH)
        ]
    kept = 0
    for platform, user_id in todo[:limit]:
        port = ports[Platform(platform)]
        assert isinstance(port, TimezonePort)
        try:
            said = port.timezone_of(recipients.user(platform, user_id))
        except DeliveryError as exc:
            log.info("timezone of %s:%s not learnt now: %s", platform, user_id, exc)
            if exc.retry_after is not None:
                break  # rate limited: the next sweep goes on
            if not exc.permanent:
                continue
            said = None  # an unknown user: asked, nothing to learn until REFRESH
        zone = known(said)
        if said and zone is None:
            log.warning("%s:%s has an unknown timezone %r: ignored", platform, user_id, said)
        with database.session() as session:
            Store(session).people.learn_platform_timezone(platform, user_id, zone, now)
        kept += 1
    return kept
