"""The weekly digest of NEW topic overlaps for the admins' channel.

For the scheduler's weekly sweep. Call it inside a transaction and send the reply before the
transaction ends, so a failed send rolls the "reported" marks back and the pairs come again
next week:

    with app.database.session() as session:
        reply = new_overlaps_digest(Store(session), now)
        if reply is not None and settings.wgbot_admin_channel:
            delivery.send(Recipient(platform, RecipientKind.CHANNEL,
                                    settings.wgbot_admin_channel), reply)

Two processes running the sweep at once cannot both report a pair: the unique key on
reported_overlap makes the second transaction fail (a Conflict) before it sends anything.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.messages import Reply, Section
from bot.overview.overlap import DEFAULT_THRESHOLD
from bot.overview.topics import all_overlaps
from storage.store import Store

MAX_DIGEST_LINES = 20


def new_overlaps_digest(
    store: Store, now: datetime, threshold: float = DEFAULT_THRESHOLD
) -> Reply | None:
    """The overlaps not yet reported, as a neutral Reply, and marks them reported;
    None when there is nothing new (send nothing)."""
    found = all_overlaps(store, threshold=threshold)
    already = store.reported_overlaps.pairs()
    fresh = [o for o in found.overlaps if (o.a, o.b) not in already]
    if not fresh:
        return None
    store.reported_overlaps.mark([(o.a, o.b, o.score) for o in fresh], now)
    lines = [
        f"{found.names[o.a]} ↔ {found.names[o.b]} ({o.score:.2f}): {', '.join(o.shared)}"
        for o in fresh[:MAX_DIGEST_LINES]
    ]
    if len(fresh) > MAX_DIGEST_LINES:
        lines.append(f"… and {len(fresh) - MAX_DIGEST_LINES} more: `/wg overlaps` lists all")
    count = "1 new pair" if len(fresh) == 1 else f"{len(fresh)} new pairs"
    return Reply(
        title="This week's new topic overlaps",
        text=(
            f"{count} of working groups cover similar topics. Worth introducing their chairs "
            "to each other (R3: connect the dots)."
        ),
        sections=(Section("Groups · similarity · shared terms", tuple(lines)),),
        metadata={"kind": "overlap-digest"},
    )
