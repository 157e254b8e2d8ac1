"""Redacting a stored draft in place when someone cited in it asks to be forgotten.

A draft keeps its body (JSON: points with the ids of the messages they rest on, `m3`), the
chat document "Post to channel" posts, and the Markdown the export prints. Each point, chat
line and Markdown line that cites one of the person's messages becomes WITHDRAWN (it may
quote them: the offline drafter quotes sentences as written), the sources line that named
them too, and their name goes wherever else it appears. Which messages were theirs: the
`authors` map stored with the draft (cid → user id), else, for drafts stored before it, the
sources lines ("[m3] Name, date").
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

WITHDRAWN = "[withdrawn by its author]"
NAME_WITHDRAWN = "[name withdrawn]"
_CITE = re.compile(r"\[(m\d+)\]")
_SOURCE = re.compile(r"^\s*(?:- )?\[(m\d+)\] (.+?), \d{4}-\d\d-\d\d")
_LEAD = re.compile(r"^(\s*(?:- |\d+\. )?)")
_POINTS = ("agreements", "open_questions", "next_steps")


def _cids_of(
    data: dict[str, Any], markdown: str, users: Collection[str], names: Collection[str]
) -> set[str]:
    authors = data.get("authors")
    cids = set()
    if isinstance(authors, dict):
        cids |= {cid for cid, user in authors.items() if user in users}
    for line in markdown.splitlines():
        match = _SOURCE.match(line)
        if match and match.group(2) in names:
            cids.add(match.group(1))
    return cids


def _cites(text: str, cids: set[str]) -> bool:
    return any(m in cids for m in _CITE.findall(text))


def _lines(text: str, cids: set[str]) -> str:
    out: list[str] = []
    after_withdrawn_item = False
    for line in text.split("\n"):
        if _cites(line, cids):
            lead = _LEAD.match(line)
            out.append(f"{lead.group(1) if lead else ''}{WITHDRAWN}")
            after_withdrawn_item = bool(re.match(r"^\s*\d+\. ", line))
            continue
        if after_withdrawn_item and line.startswith("   ") and line.strip():
            out.append(f"   {WITHDRAWN}")  # a recommendation's rationale line
            continue
        after_withdrawn_item = False
        out.append(line)
    return "\n".join(out)


def _point(point: dict[str, Any], cids: set[str], *fields: str) -> bool:
    cited = point.get("citations") or []
    if not any(c in cids for c in cited):
        return False
    for field in fields:
        if field in point:
            point[field] = WITHDRAWN if field != "rationale" else ""
    point["citations"] = [c for c in cited if c not in cids]
    return True


def _body(data: dict[str, Any], cids: set[str]) -> None:
    for key in _POINTS:
        for point in data.get(key) or []:
            _point(point, cids, "text")
    for rec in data.get("recommendations") or []:
        _point(rec, cids, "text", "rationale")
    for dis in data.get("disagreements") or []:
        for view in dis.get("views") or []:
            _point(view, cids, "position")
    chat = data.get("chat")
    if isinstance(chat, dict):
        for section in chat.get("sections") or []:
            if isinstance(section, list) and len(section) == 2:
                section[1] = _lines("\n".join(str(x) for x in section[1]), cids).split("\n")
    authors = data.get("authors")
    if isinstance(authors, dict):
        data["authors"] = {c: u for c, u in authors.items() if c not in cids}


def _unname(text: str, names: Collection[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        if len(name) >= 2:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME_WITHDRAWN, text)
    return text


def redact_draft(
    body_json: str, markdown: str, users: Collection[str], names: Collection[str]
) -> tuple[str, str] | None:
    """(body_json, markdown) with the person's lines withdrawn and name gone; None when the
    draft holds nothing of theirs."""
    try:
        data = json.loads(body_json)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        data = {}
    before = json.dumps(data, ensure_ascii=False)
    cids = _cids_of(data, markdown, users, names)
    if cids:
        _body(data, cids)
    escaped = [json.dumps(n, ensure_ascii=False)[1:-1] for n in names]
    new_json = _unname(json.dumps(data, ensure_ascii=False), escaped)
    new_markdown = _unname(_lines(markdown, cids), names)
    if new_json == before and new_markdown == markdown:
        return None
    return new_json, new_markdown
