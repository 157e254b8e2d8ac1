"""The one place the overview, overlaps and outcomes learn about a group's latest draft:
the newest version that was not discarded, for all groups in one query."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError

from bot.domain.draft_schema import REMOVED, DraftBody
from bot.domain.draft_wording import BOILERPLATE, content
from storage.store import Store


@dataclass(frozen=True)
class LatestDraft:
    group_id: int
    created_at: datetime  # aware UTC
    text: str  # the draft as shown (Markdown): quoted by the outcomes report
    version: int | None = None
    # What the draft says, without headings, footer, dates or labels: for topic overlaps.
    content: str = ""


def draft_content(body_json: str, offline: bool = False) -> str:
    """The draft's own words: problem, agreements, disagreement topics and positions,
    recommendations and rationales, open questions, next steps (one per line). The Markdown
    around them is the same in every draft and would make any two drafts look alike; so are
    the offline drafter's connecting words and names around what it quotes."""
    try:
        body = DraftBody.model_validate_json(body_json)
    except ValidationError:
        return ""
    texts = [
        body.problem_statement,
        *(p.text for p in body.agreements),
        *(t for d in body.disagreements for t in (d.topic, *(v.position for v in d.views))),
        *(t for r in body.recommendations for t in (r.text, r.rationale)),
        *(p.text for p in body.open_questions),
        *(p.text for p in body.next_steps),
    ]
    if offline:
        texts = [content(t) for t in texts]
    return "\n".join(t for t in texts if t.strip() and t != REMOVED and t not in BOILERPLATE)


def latest_drafts(store: Store, group_ids: Collection[int]) -> dict[int, LatestDraft]:
    """group id → its newest draft, for all `group_ids` at once (never a query per group)."""
    return {
        group_id: LatestDraft(
            group_id,
            draft.created_at,
            draft.markdown,
            draft.version,
            draft_content(draft.body_json, draft.offline),
        )
        for group_id, draft in store.summarizer.latest_of_groups(group_ids).items()
    }
