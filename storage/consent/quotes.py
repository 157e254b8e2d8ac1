"""Vote reasons copied into stored drafts: `/summarize` stores the statements' consensus with
the draft (their dissent quoted “like this”), so a reason that is forgotten or ages out is
withdrawn from every stored draft of its group too, in place."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

from sqlmodel import Session, select

from storage.summaries.models import DraftRecord

_QUOTED = re.compile(r"“([^”]*)”")


def _is_one_of(shown: str, reasons: Collection[str]) -> bool:
    """A quote as commands/consensus_view.py prints a reason: on one line, cut with "…"."""
    text = shown.replace("\\", "")
    for reason in reasons:
        flat = " ".join(reason.split())
        if text == flat or (text.endswith("…") and len(text) > 1 and flat.startswith(text[:-1])):
            return True
    return False


def _withdraw(text: str, reasons: Collection[str], marker: str) -> str:
    return _QUOTED.sub(lambda m: marker if _is_one_of(m.group(1), reasons) else m.group(0), text)


def _walk(data: Any, reasons: Collection[str], marker: str) -> Any:
    if isinstance(data, str):
        return _withdraw(data, reasons, marker)
    if isinstance(data, list):
        return [_walk(item, reasons, marker) for item in data]
    if isinstance(data, dict):
        return {key: _walk(value, reasons, marker) for key, value in data.items()}
    return data


def withdraw_reasons(
    session: Session, group_id: int, reasons: Collection[str], marker: str
) -> set[int]:
    """Every stored draft of the group: each quote of one of these reasons becomes `marker`;
    returns the ids of the drafts that changed."""
    wanted = [r for r in reasons if r and r.strip()]
    changed: set[int] = set()
    if not wanted:
        return changed
    for draft in session.exec(select(DraftRecord).where(DraftRecord.group_id == group_id)):
        markdown = _withdraw(draft.markdown, wanted, marker)
        try:
            body = json.dumps(_walk(json.loads(draft.body_json), wanted, marker))
        except ValueError:
            body = draft.body_json
        if markdown == draft.markdown and body == draft.body_json:
            continue
        draft.markdown, draft.body_json = markdown, body
        session.add(draft)
        changed.add(draft.id or 0)
    return changed
