"""A draft as Markdown (stored, exported, printed by the CLI) and as a neutral Reply."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.core.messages import Reply, Section, Tone
from bot.domain.draft_schema import DraftBody
from bot.domain.draft_wording import words
from bot.domain.wording import plural
from bot.summarizer.citations import cited_ids
from bot.summarizer.result import OFFLINE_LABEL, Draft

REVIEW_NOTE = "This is a draft for the chair to review, not an agreed text."
OFFLINE_NOTE = (
    "built from who proposed, agreed, objected and asked what (cue words, replies, quotes); "
    "sentences quoted as written, not a written summary."
)


def _when(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC" if at else "?"


def footer(draft: Draft) -> str:
    read = (
        f"Read {plural(draft.message_count, 'message')}, from {_when(draft.first_at)} "
        f"to {_when(draft.last_at)}"
    )
    if draft.unread:
        read += f" ({draft.unread})"
    if draft.offline:
        made = OFFLINE_LABEL
        if draft.language != "en":
            made += f" (lang:{draft.language}: headings translated, sentences quoted as written)"
    else:
        made = (
            f"model {draft.model}, {draft.tokens_in} tokens in / {draft.tokens_out} out "
            f"in {plural(draft.calls, 'call')}"
        )
    repaired = ""
    if draft.notes:
        repaired = " Repaired: " + "; ".join(draft.notes[:6])
        repaired += f" (and {len(draft.notes) - 6} more)." if len(draft.notes) > 6 else "."
    return f"{read} · {made}.{repaired} {REVIEW_NOTE}"


def _cite_md(draft: Draft, ids: list[str]) -> str:
    known = draft.by_cid()
    parts = []
    for cid in ids:
        link = known[cid].message.permalink if cid in known else None
        parts.append(f"[{cid}]({link})" if link else f"[{cid}]")
    return (" " + " ".join(parts)) if parts else ""


def _cite_plain(ids: list[str]) -> str:
    return (" " + " ".join(f"[{c}]" for c in ids)) if ids else ""


def _plain(text: str) -> str:
    return text


def _sections(
    draft: Draft,
    cite: object,
    strong: Callable[[str], str] = lambda t: f"**{t}**",
    em: Callable[[str], str] = lambda t: f"_{t}_",
) -> list[tuple[str, list[str]]]:
    """(heading, lines) in the draft's order; `cite` is the citation formatter, `strong` and
    `em` the emphasis (Markdown for documents; none for chat replies, which each platform
    renders in its own markup)."""
    body: DraftBody = draft.body
    w = words(draft.language)

    def c(ids: list[str]) -> str:
        return cite(ids)  # type: ignore[operator, no-any-return]

    disagreements: list[str] = []
    for d in body.disagreements:
        disagreements.append(f"- {strong(d.topic)}")
        for v in d.views:
            who = ", ".join(v.stakeholder_groups) or "Stakeholder group not stated"
            disagreements.append(f"  - {em(who)}: {v.position}{c(v.citations)}")
    recommendations: list[str] = []
    for n, r in enumerate(body.recommendations, 1):
        recommendations.append(f"{n}. {strong(r.text)}{c(r.citations)}")
        recommendations.append(f"   {w.rationale}: {r.rationale}")
    return [
        (w.problem, [body.problem_statement or em(w.none)]),
        (w.agreements, [f"- {p.text}{c(p.citations)}" for p in body.agreements]),
        (w.disagreements, disagreements),
        (w.recommendations, recommendations),
        (w.questions, [f"- {p.text}{c(p.citations)}" for p in body.open_questions]),
        (w.missing, [f"- {m}" for m in draft.missing_perspectives]),
        (w.next_steps, [f"- {p.text}{c(p.citations)}" for p in body.next_steps]),
    ]


def title(draft: Draft, version: int | None = None) -> str:
    v = f" (v{version})" if version else ""
    return f"{words(draft.language).title}{v}: {draft.group_name}"


def to_markdown(draft: Draft, version: int | None = None) -> str:
    w = words(draft.language)
    out = [f"# {title(draft, version)}", ""]
    if draft.offline:
        out += [f"> **{OFFLINE_LABEL}**: {OFFLINE_NOTE}", ""]
    if draft.source:
        out += [f"Source: {draft.source}", ""]
    for heading, lines in _sections(draft, lambda ids: _cite_md(draft, ids)):
        out += [f"## {heading}", *(lines or [f"_{w.none}_"]), ""]
    cited = sources(draft)
    if cited:  # a printed or exported draft has no links to follow: name the messages
        out += [f"## {w.sources}", *(f"- {line}" for line in cited), ""]
    out += ["---", footer(draft), ""]
    return "\n".join(out)


def sources(draft: Draft) -> list[str]:
    """One line per cited message: the id, who, when, and its permalink when there is one."""
    known = draft.by_cid()
    lines = []
    # In the order of the discussion (m1, m2, …), not the order of first citation.
    for cid in sorted(cited_ids(draft.body), key=lambda c: (len(c), c)):
        item = known.get(cid)
        if item is None:
            continue
        link = f" {item.message.permalink}" if item.message.permalink else ""
        lines.append(f"[{cid}] {item.author}, {item.at:%Y-%m-%d %H:%M}{link}")
    return lines


def to_reply(draft: Draft, version: int | None, *, ephemeral: bool) -> Reply:
    """The draft for chat: neutral text that each front end renders in its own markup."""
    return reply_from_document(chat_document(draft, version), ephemeral=ephemeral)


def chat_document(
    draft: Draft, version: int | None, extra: Sequence[tuple[str, Sequence[str]]] = ()
) -> dict[str, Any]:
    """The chat form of a draft as JSON-able data, stored with the draft (`body_json["chat"]`)
    so that "Post to channel" later posts exactly what the chair reviewed, rendered natively,
    never the Markdown export."""
    w = words(draft.language)
    sections = [
        [heading, lines or [w.none]]
        for heading, lines in _sections(draft, _cite_plain, _plain, _plain)
    ]
    cited = sources(draft)
    if cited:
        sections.append([w.sources, cited])
    sections.extend([heading, list(lines)] for heading, lines in extra)
    return {"title": title(draft, version), "text": footer(draft), "sections": sections}


def reply_from_document(document: Mapping[str, Any], *, ephemeral: bool) -> Reply:
    return Reply(
        title=str(document.get("title") or "Draft recommendations"),
        text=str(document.get("text") or ""),
        sections=tuple(
            Section(str(heading), tuple(str(line) for line in lines))
            for heading, lines in document.get("sections") or ()
        ),
        ephemeral=ephemeral,
        tone=Tone.INFO,
        # Front ends: do not unfurl the permalinks (a draft cites many messages).
        metadata={"unfurl": "false"},
    )


def stored_body(
    draft: Draft, version: int | None, extra: Sequence[tuple[str, Sequence[str]]] = ()
) -> str:
    """What a draft record keeps as `body_json`: the body (as the overview reads it) and the
    chat document next to it (DraftBody ignores the extra key)."""
    data = draft.body.model_dump(mode="json")
    data["chat"] = chat_document(draft, version, extra)
    # Whose each cited message is: `/wg forget me` redacts the draft by it
    # (storage/consent/words.py).
    known = draft.by_cid()
    data["authors"] = {
        cid: known[cid].message.user_id for cid in sorted(cited_ids(draft.body)) if cid in known
    }
    return json.dumps(data, ensure_ascii=False)


def reply_from_record(body_json: str, markdown: str) -> Reply:
    """A stored draft for chat, public. Drafts stored before the chat document existed are
    read from their Markdown, its markup taken out (the text stays as it was)."""
    try:
        document = json.loads(body_json).get("chat")
    except (ValueError, AttributeError):
        document = None
    if isinstance(document, dict):
        return reply_from_document(document, ephemeral=False)
    return reply_from_document(_document_from_markdown(markdown), ephemeral=False)


_MD_LINK = re.compile(r"\[(m\d+)\]\([^)\s]*\)")


def _document_from_markdown(markdown: str) -> dict[str, Any]:
    title_line, text = "", ""
    sections: list[tuple[str, list[str]]] = []
    for raw in markdown.splitlines():
        line = _MD_LINK.sub(r"[\1]", raw).replace("**", "")
        if line.startswith("# ") and not title_line:
            title_line = line[2:]
        elif line.startswith("## "):
            sections.append((line[3:], []))
        elif line.strip() and line.strip() != "---" and sections:
            sections[-1][1].append(line)
        elif line.strip() and line.strip() != "---":
            text = f"{text}\n{line}".strip()
    return {"title": title_line, "text": text, "sections": sections}
