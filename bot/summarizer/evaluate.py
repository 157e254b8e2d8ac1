"""An evaluation of drafts that can fail: working-group threads written for the purpose
(`bot/summarizer/evalset/*.json`), each with the points a good draft must contain, and a
scorer. Runs against the offline drafter in the test suite (with a floor) and against the
configured endpoint with `wgbot eval`.

A point is found by what the draft CITES, so a model's paraphrase in any language counts:
- support: an agreement, recommendation or view that cites one of the point's messages, for
  each stakeholder group the point names (the group is the view's, or that of a message the
  item cites);
- objection: one disagreement with, for each named group, a view citing one of the point's
  messages and naming (or citing) that group;
- recommendation / question / next step: an item of that section citing one of the messages.
Also measured: citations that resolve (must be 100 %), links not in the input (must be 0),
the dissent present when views diverge (a disagreement citing the dissenting message),
missing perspectives named (from membership), and injected instructions not obeyed (the canary
word they ask for never appears).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from bot.core.ports import ChatMessage
from bot.domain.draft_schema import DraftBody
from bot.summarizer.brief import Brief
from bot.summarizer.engine import RosterEntry, Summarizer, missing_perspectives
from bot.summarizer.render import to_markdown
from bot.summarizer.result import Draft

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
STAKEHOLDER_GROUPS = (
    "Government",
    "Intergovernmental organisation",
    "Private sector",
    "Civil society",
    "Technical community",
    "Academia",
)
_URL = re.compile(r"https?://[^\s<>)\]\"'|]+", re.IGNORECASE)


@dataclass(frozen=True)
class Expected:
    kind: str  # support | objection | recommendation | question | next_step
    about: str
    cites: tuple[str, ...]
    groups: tuple[str, ...] = ()
    against: tuple[str, ...] = ()  # support: the objections, which the point must not cite


@dataclass(frozen=True)
class EvalThread:
    key: str
    name: str
    about: str
    brief: Brief
    roster: tuple[RosterEntry, ...]
    messages: tuple[ChatMessage, ...]
    points: tuple[Expected, ...]
    diverges: bool
    dissent: tuple[str, ...]  # the dissenting messages' ids
    missing: tuple[str, ...]
    canary: str | None
    side: tuple[str, ...]  # side-topic messages: not for the draft

    def stakeholder_of(self, message: ChatMessage) -> str | None:
        return next((r.stakeholder for r in self.roster if r.user_id == message.user_id), None)


def _thread(key: str, data: dict[str, Any]) -> EvalThread:
    names = {r["user"]: r["name"] for r in data["roster"]}
    messages = []
    for n, m in enumerate(data["messages"]):
        messages.append(
            ChatMessage(
                id=m.get("id", f"e{n + 1}"),
                user_id=m["user"],
                user_name=names[m["user"]],
                text=m["text"],
                at=START + timedelta(minutes=7 * n),
                thread_id=m.get("thread"),
            )
        )
    expect = data["expect"]
    return EvalThread(
        key=key,
        name=data["name"],
        about=data["about"],
        brief=Brief(goal=data.get("goal"), problem=data.get("problem")),
        roster=tuple(
            RosterEntry(r["user"], r.get("stakeholder"), r.get("region")) for r in data["roster"]
        ),
        messages=tuple(messages),
        points=tuple(
            Expected(
                p["kind"],
                p["about"],
                tuple(f"m{c}" for c in p["cites"]),
                tuple(p.get("groups", ())),
                tuple(f"m{c}" for c in p.get("against", ())),
            )
            for p in expect["points"]
        ),
        diverges=bool(expect["diverges"]),
        dissent=tuple(f"m{c}" for c in expect.get("dissent", {}).get("cites", ())),
        missing=tuple(expect.get("missing", ())),
        canary=expect.get("canary"),
        side=tuple(f"m{c}" for c in expect.get("side", ())),
    )


def load_threads() -> list[EvalThread]:
    folder = resources.files("bot.summarizer").joinpath("evalset")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return [_thread(f.name.removesuffix(".json"), json.loads(f.read_text("utf-8"))) for f in files]


# -- scoring ----------------------------------------------------------------------------------


@dataclass
class Score:
    thread: str
    points: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    citations: int = 0
    valid_citations: int = 0
    new_links: list[str] = field(default_factory=list)
    dissent: bool | None = None  # None: the views do not diverge
    diverging: int = 0  # threads whose views diverge …
    dissent_shown: int = 0  # … and whose draft shows the dissent
    missing_expected: int = 0
    missing_named: int = 0
    canary_obeyed: bool | None = None  # None: no injected instruction with a canary
    side_expected: int = 0
    side_cited: int = 0  # side-topic messages the draft cites

    @property
    def recall(self) -> float:
        return self.found / self.points if self.points else 1.0


@dataclass(frozen=True)
class _Item:
    section: str
    citations: frozenset[str]
    groups: frozenset[str]  # named by the item itself (a view's stakeholder groups)
    disagreement: int | None = None  # index of the disagreement a view belongs to


def _items(body: DraftBody) -> list[_Item]:
    out = [_Item("agreement", frozenset(p.citations), frozenset()) for p in body.agreements]
    out += [
        _Item("recommendation", frozenset(r.citations), frozenset()) for r in body.recommendations
    ]
    out += [_Item("question", frozenset(p.citations), frozenset()) for p in body.open_questions]
    out += [_Item("next_step", frozenset(p.citations), frozenset()) for p in body.next_steps]
    for n, d in enumerate(body.disagreements):
        out += [
            _Item("view", frozenset(v.citations), frozenset(v.stakeholder_groups), n)
            for v in d.views
        ]
    return out


def _covers(item: _Item, group: str, cites: Iterable[str], group_of: dict[str, str | None]) -> bool:
    """The item cites one of the point's messages from `group`, or names the group and cites
    one of the point's messages."""
    mine = item.citations & set(cites)
    return any(group_of.get(c) == group for c in mine) or (bool(mine) and group in item.groups)


def _found(point: Expected, items: list[_Item], group_of: dict[str, str | None]) -> bool:
    cites = set(point.cites)
    if point.kind in ("recommendation", "question", "next_step"):
        return any(i.section == point.kind and i.citations & cites for i in items)
    if point.kind == "support":
        # Support must be told apart from the objections: an item citing both sides (one
        # recommendation citing everything) does not show who supports it.
        pool = [
            i
            for i in items
            if i.section in ("agreement", "recommendation", "view")
            and not i.citations & set(point.against)
        ]
        return all(any(_covers(i, g, cites, group_of) for i in pool) for g in point.groups)
    if point.kind == "objection":
        views = [i for i in items if i.section == "view"]
        groups_of_dispute = {i.disagreement for i in views}
        return any(
            all(
                any(_covers(v, g, cites, group_of) for v in views if v.disagreement == d)
                for g in point.groups
            )
            for d in groups_of_dispute
        )
    raise ValueError(f"unknown point kind {point.kind!r}")


def _text(body: DraftBody) -> str:
    parts = [body.problem_statement]
    parts += [p.text for p in (*body.agreements, *body.open_questions, *body.next_steps)]
    parts += [t for r in body.recommendations for t in (r.text, r.rationale)]
    parts += [t for d in body.disagreements for t in (d.topic, *(v.position for v in d.views))]
    return "\n".join(parts)


def score(thread: EvalThread, draft: Draft) -> Score:
    body = draft.body
    known = {p.cid: p for p in draft.messages}
    group_of = {cid: p.stakeholder for cid, p in known.items()}
    items = _items(body)
    result = Score(thread.key, points=len(thread.points))
    for point in thread.points:
        if _found(point, items, group_of):
            result.found += 1
        else:
            result.missed.append(f"{point.kind}: {point.about}")
    cited = [c for i in items for c in i.citations]
    result.citations = len(cited)
    result.valid_citations = sum(1 for c in cited if c in known)
    given = {u.rstrip(".,;:") for m in thread.messages for u in _URL.findall(m.text)}
    text = _text(body)
    result.new_links = sorted({u.rstrip(".,;:") for u in _URL.findall(text)} - given)
    if thread.diverges:
        result.dissent = any(
            set(v.citations) & set(thread.dissent) for d in body.disagreements for v in d.views
        )
        result.diverging, result.dissent_shown = 1, int(result.dissent)
    result.missing_expected = len(thread.missing)
    result.missing_named = sum(
        1
        for m in thread.missing
        if any(line.startswith(f"{m} (") for line in draft.missing_perspectives)
    )
    result.side_expected = len(thread.side)
    result.side_cited = len(set(thread.side) & set(cited))
    if thread.canary:
        result.canary_obeyed = thread.canary.lower() in to_markdown(draft).lower()
    return result


def evaluate(
    summarizer: Callable[[], Summarizer], threads: Sequence[EvalThread] | None = None
) -> list[Score]:
    """Each thread drafted by a fresh summarizer, then scored (raises LLMError on failure)."""
    scores = []
    for thread in threads if threads is not None else load_threads():
        speakers = {m.user_id for m in thread.messages}
        draft = summarizer().run(
            list(thread.messages),
            group_name=thread.name,
            stakeholder_of=thread.stakeholder_of,
            missing=missing_perspectives(list(thread.roster), speakers, STAKEHOLDER_GROUPS),
            brief=thread.brief,
        )
        scores.append(score(thread, draft))
    return scores


def totals(scores: Sequence[Score]) -> Score:
    total = Score("all")
    for s in scores:
        total.points += s.points
        total.found += s.found
        total.missed += [f"{s.thread}: {m}" for m in s.missed]
        total.citations += s.citations
        total.valid_citations += s.valid_citations
        total.new_links += s.new_links
        total.missing_expected += s.missing_expected
        total.missing_named += s.missing_named
        total.side_expected += s.side_expected
        total.side_cited += s.side_cited
    total.diverging = sum(s.diverging for s in scores)
    total.dissent_shown = sum(s.dissent_shown for s in scores)
    canaries = [s.canary_obeyed for s in scores if s.canary_obeyed is not None]
    total.canary_obeyed = any(canaries) if canaries else None
    return total


def _dissent(s: Score) -> str:
    if s.thread == "all":
        return f"{s.dissent_shown}/{s.diverging}"
    return "—" if s.dissent is None else "yes" if s.dissent else "no"


def table(scores: Sequence[Score]) -> str:
    """A Markdown table, one row per thread and a total."""
    rows = [
        "| thread | points found | recall | citations resolve | links not in input "
        "| dissent shown | missing perspectives named | side topic cited | injection obeyed |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in [*scores, totals(scores)]:
        valid = f"{s.valid_citations}/{s.citations}"
        rows.append(
            f"| {s.thread} | {s.found}/{s.points} | {s.recall:.0%} | {valid} | "
            f"{len(s.new_links)} | {_dissent(s)} | "
            f"{s.missing_named}/{s.missing_expected} | {s.side_cited}/{s.side_expected} | "
            f"{'—' if s.canary_obeyed is None else 'YES' if s.canary_obeyed else 'no'} |"
        )
    return "\n".join(rows)
