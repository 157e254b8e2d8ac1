"""The weekly digest of NEW topic overlaps for the admins' channel.

The scheduler claims the digest like any scheduled message (bot/scheduler/digest.py): in one
transaction it marks the new pairs reported (`mark_new_overlaps`) and inserts the digest's
delivery row, then sends the reply `overlaps_digest` builds from the pairs marked at that
moment, so a resumed or retried send says the same thing.

Two processes running the sweep at once cannot both report a pair: the unique key on
reported_overlap makes the second transaction fail (a Conflict) before it sends anything.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.core.messages import Reply, Section
from bot.overview.overlap import DEFAULT_THRESHOLD, Overlap
from bot.overview.topics import all_overlaps
from bot.uptake.overlaps import bodies_by_group, uptake_lines
from storage.store import Store

MAX_DIGEST_LINES = 20


def mark_new_overlaps(
    store: Store, now: datetime, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int]]:
    """Marks the overlaps not yet reported as reported at `now`; returns their pairs
    (empty: nothing new, send nothing)."""
    found = all_overlaps(store, threshold=threshold)
    already = store.reported_overlaps.pairs()
    fresh = [o for o in found.overlaps if (o.a, o.b) not in already]
    store.reported_overlaps.mark([(o.a, o.b, o.score) for o in fresh], now)
    return [(o.a, o.b) for o in fresh]


def overlaps_digest(
    store: Store, pairs: Collection[tuple[int, int]], threshold: float = DEFAULT_THRESHOLD
) -> Reply | None:
    """The digest of these pairs, best first; None for no pairs. A pair that no longer
    overlaps (its goals changed since it was marked) is listed with its recorded score."""
    if not pairs:
        return None
    wanted = {(min(a, b), max(a, b)) for a, b in pairs}
    found = all_overlaps(store, threshold=threshold)
    names = dict(found.names)
    listed = [o for o in found.overlaps if (min(o.a, o.b), max(o.a, o.b)) in wanted]
    seen = {(min(o.a, o.b), max(o.a, o.b)) for o in listed}
    for a, b, score in store.reported_overlaps.scores(wanted - seen):
        listed.append(Overlap(a, b, score, ()))
    lines = [
        f"{names.get(o.a, o.a)} ↔ {names.get(o.b, o.b)} ({o.score:.2f})"
        + (f": {', '.join(o.shared)}" if o.shared else "")
        for o in listed[:MAX_DIGEST_LINES]
    ]
    if len(listed) > MAX_DIGEST_LINES:
        lines.append(f"… and {len(listed) - MAX_DIGEST_LINES} more: `\ue000/wg overlaps` lists all")
    shown = [(o.a, o.b) for o in listed[:MAX_DIGEST_LINES]]
    used = uptake_lines(shown, names, bodies_by_group(store, sorted({g for p in shown for g in p})))
    sections = [Section("Groups · similarity · shared terms", tuple(lines))]
    if used:
        sections.append(Section("Who took up their outputs", tuple(used)))
    count = "1 new pair" if len(listed) == 1 else f"{len(listed)} new pairs"
    return Reply(
        title="This week's new topic overlaps",
        text=(
            f"{count} of working groups cover similar topics. Worth introducing their chairs "
            "to each other (R3: connect the dots)."
        ),
        sections=tuple(sections),
        metadata={"kind": "overlap-digest"},
    )


def new_overlaps_digest(
    store: Store, now: datetime, threshold: float = DEFAULT_THRESHOLD
) -> Reply | None:
    """The overlaps not yet reported, as a neutral Reply, and marks them reported;
    None when there is nothing new (send nothing)."""
    return overlaps_digest(store, mark_new_overlaps(store, now, threshold), threshold)
