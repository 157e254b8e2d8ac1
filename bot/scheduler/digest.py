"""The weekly digest of NEW topic overlaps to the admins' channel (R3: connect the dots).

Once a week, at the nudge moment in the bot's timezone. The pairs are marked reported in the
same transaction that sends the digest: a failed send rolls the marks back (the pairs come
again next sweep); a second process blocks on the unique pair key and then finds nothing new,
so two schedulers do not send it twice. A crash after the send but before the commit repeats
the digest once (at least once, like the other deliveries without reconciliation).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from bot.config import Settings
from bot.core.messages import Platform
from bot.core.ports import DeliveryError, DeliveryPort
from bot.overview.digest import new_overlaps_digest
from bot.scheduler import due, recipients
from storage.database import Database
from storage.store import Store

log = logging.getLogger(__name__)

KIND = "overlap_digest"
# Where an unqualified WGBOT_ADMIN_CHANNEL lives: the first of these that groups are bound on.
PLATFORM_PREFERENCE = (Platform.SLACK, Platform.DISCORD, Platform.CONSOLE)


def send_overlap_digest(
    database: Database,
    settings: Settings,
    ports: Mapping[Platform, DeliveryPort],
    now: datetime,
    *,
    dry_run: bool = False,
) -> str | None:
    """Send this week's digest if it is due and there is something new; returns the outcome
    ("sent", "failed: …") or None when nothing was due."""
    if not settings.wgbot_admin_channel:
        return None
    with database.session(readonly=True) as session:
        in_use = Store(session).groups.platforms_in_use()
    # An unqualified admin channel lives where the groups live (the most used platform),
    # not wherever this process happens to run: a console on an ops machine must not
    # swallow the digest and mark its pairs reported.
    home = next((p for p in PLATFORM_PREFERENCE if p.value in in_use), Platform.CONSOLE)
    admin = recipients.admin_channel(settings.wgbot_admin_channel, home.value)
    if admin is None or admin.platform not in ports:
        return None
    slot = due.last_weekly_slot(
        now, settings.wgbot_timezone, settings.wgbot_nudge_weekday, settings.wgbot_nudge_hour
    )
    try:
        with database.session() as session:
            store = Store(session)
            last = store.reported_overlaps.last_reported_at()
            if last is not None and last >= slot:
                return None  # this week's digest went out already
            reply = new_overlaps_digest(store, now)
            if reply is None:
                return None
            if dry_run:
                session.rollback()  # undo the "reported" marks: nothing was sent
                return "would-send"
            ports[admin.platform].send(admin, reply)
    except DeliveryError as exc:
        log.warning("overlap digest not delivered (will retry next sweep): %s", exc)
        return f"failed: {exc}"
    return "sent"
