"""The one place the overview, overlaps and outcomes learn about a group's latest draft:
the newest version that was not discarded, for all groups in one query."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from storage.store import Store


@dataclass(frozen=True)
class LatestDraft:
    group_id: int
    created_at: datetime  # aware UTC
    text: str  # the draft's body (Markdown), used for topic overlaps and outcomes
    version: int | None = None


def latest_drafts(store: Store, group_ids: Collection[int]) -> dict[int, LatestDraft]:
    """group id → its newest draft, for all `group_ids` at once (never a query per group)."""
    return {
        group_id: LatestDraft(group_id, draft.created_at, draft.markdown, draft.version)
        for group_id, draft in store.summarizer.latest_of_groups(group_ids).items()
    }
