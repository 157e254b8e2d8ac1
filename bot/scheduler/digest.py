"""The weekly digest of NEW topic overlaps to the admins' channel (R3: connect the dots),
claimed like every scheduled message.

Once a week, at the nudge moment in the bot's timezone. One transaction marks the new pairs
reported and inserts the digest's delivery row (kind `overlap_digest`, period the ISO week):
only the process whose insert created the row sends it, through the sweep's own claim, tag,
send and record; a failed send is retried and a crashed one looked up, like a nudge. A
second process blocks on the unique keys and then finds nothing new.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.core.messages import Platform
from bot.core.ports import DeliveryPort, Recipient
from bot.core.settings import CommandSettings
from bot.ground.errors import Conflict
from bot.overview.digest import mark_new_overlaps
from bot.scheduler import due, recipients
from bot.scheduler.plan import OVERLAP_DIGEST, DueItem
from storage.database import Database
from storage.store import Store

KIND = OVERLAP_DIGEST
ALL_GROUPS = "all groups"
# Where an unqualified WGBOT_ADMIN_CHANNEL lives: the first of these that groups are bound on.
PLATFORM_PREFERENCE = (Platform.SLACK, Platform.DISCORD, Platform.CONSOLE)


class _NothingToClaim(Exception):
    """Ends the claim's transaction with a rollback (no marks without a claim row)."""


def _admin(
    database: Database, settings: CommandSettings, ports: Mapping[Platform, DeliveryPort]
) -> Recipient | None:
    if not settings.wgbot_admin_channel:
        return None
    with database.session(readonly=True) as session:
        in_use = Store(session).groups.platforms_in_use()
    # An unqualified admin channel lives where the groups live (the most used platform),
    # not wherever this process happens to run: a console on an ops machine must not
    # swallow the digest and mark its pairs reported.
    home = next((p for p in PLATFORM_PREFERENCE if p.value in in_use), Platform.CONSOLE)
    admin = recipients.admin_channel(settings.wgbot_admin_channel, home.value)
    return admin if admin is not None and admin.platform in ports else None


def claim_overlap_digest(
    database: Database,
    settings: CommandSettings,
    ports: Mapping[Platform, DeliveryPort],
    now: datetime,
    *,
    owner: str,
    lease_until: datetime,
    dry_run: bool = False,
) -> tuple[int | None, DueItem] | None:
    """This week's digest, claimed (its delivery row's id) when it is due and there is
    something new; None when nothing is due. A dry run claims and marks nothing (id None)."""
    admin = _admin(database, settings, ports)
    if admin is None:
        return None
    slot = due.last_weekly_slot(
        now, settings.wgbot_timezone, settings.wgbot_nudge_weekday, settings.wgbot_nudge_hour
    )
    period = due.week_period(slot, settings.wgbot_timezone)
    try:
        with database.session() as session:
            store = Store(session)
            groups = [g.id for g in store.groups.all() if g.id is not None]
            last = store.reported_overlaps.last_reported_at()
            if not groups or (last is not None and last >= slot):
                raise _NothingToClaim  # this week's digest went out already
            item = DueItem(KIND, min(groups), ALL_GROUPS, recipients.encode(admin), period)
            if not mark_new_overlaps(store, now):
                raise _NothingToClaim
            if dry_run:
                session.rollback()  # undo the "reported" marks: nothing is claimed
                return None, item
            claimed = store.deliveries.claim(item.key, owner, now, lease_until)
            if claimed is None:
                raise _NothingToClaim  # another process has this week's digest
    except (_NothingToClaim, Conflict):
        return None
    return claimed, item
