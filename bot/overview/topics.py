"""What each group is about, as text, and the overlaps between all groups (set-based reads:
groups, charter answers, latest drafts — three statements whatever the number of groups)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.overview.drafts import latest_drafts
from bot.overview.overlap import DEFAULT_THRESHOLD, Overlap, find_overlaps
from storage.store import Store


@dataclass(frozen=True)
class GroupOverlaps:
    names: dict[int, str]  # group id → name
    overlaps: list[Overlap]  # best first


def all_overlaps(store: Store, threshold: float = DEFAULT_THRESHOLD) -> GroupOverlaps:
    """Goal + charter answers + latest draft of every group, compared pairwise."""
    groups = store.groups.all()
    charters = store.overview.charter_texts()
    ids = [g.id for g in groups if g.id is not None]
    drafts = latest_drafts(store, ids)
    docs: dict[int, str] = {}
    for group in groups:
        assert group.id is not None
        parts = [group.goal or "", *charters.get(group.id, [])]
        draft = drafts.get(group.id)
        if draft is not None:
            parts.append(draft.content)
        docs[group.id] = "\n".join(parts)
    return GroupOverlaps(
        names={g.id: g.name for g in groups if g.id is not None},
        overlaps=find_overlaps(docs, threshold=threshold),
    )
