"""The drafter used when no LLM is configured: extractive, deterministic, offline.

It ranks sentences by how central their words are to the discussion, sorts them into the
draft's sections by cue words (agree / disagree / should / ? / will), and groups the
disagreeing views by the speakers' stakeholder groups. Same structure as the LLM's draft, so
everything downstream is the same; the footer says it is an offline draft.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.summarizer.prep import Prepared
from bot.summarizer.schema import Disagreement, DraftBody, Point, Recommendation, View

PER_SECTION = 5
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
STOPWORDS = frozenset(
    """the and for that this with from have has had are was were will would could should can
    not but you your our their they them there here what which who whom when where why how all
    any some just also very more most much many such than then into onto about over under
    been being its it's i'm we're let's yes yeah okay please thanks thank""".split()  # noqa: SIM905
)
AGREE = ("agree", "+1", "support", "consensus", "exactly", "good idea", "makes sense")
DISAGREE = ("disagree", "however", "concern", "oppose", "object", "not convinced", "risk", "but ")
RECOMMEND = ("should", "recommend", "propose", "suggest", "must", "need to", "could we")
NEXT = ("will ", "next step", "action", "i'll", "we'll", "by friday", "to do", "todo", "follow up")


@dataclass(frozen=True)
class _Sentence:
    text: str
    cid: str
    stakeholder: str | None
    score: float
    order: int


def _sentences(items: Sequence[Prepared]) -> list[_Sentence]:
    raw: list[tuple[str, Prepared]] = []
    for item in items:
        text = _URL.sub("", item.message.text)
        for part in _SENTENCE.split(text):
            part = " ".join(part.split())
            if len(part) >= 12:
                raw.append((part, item))
    docs = [set(_words(t)) for t, _ in raw]
    df = Counter(w for d in docs for w in d)
    n = max(1, len(raw))
    out = []
    for order, ((text, item), words) in enumerate(zip(raw, docs, strict=True)):
        # Central words appear in several messages; a sentence scores by the mean weight of
        # its words (so long sentences do not win by length alone).
        weight = sum(math.log(1 + df[w]) * math.log(1 + n / df[w]) for w in words)
        score = weight / math.sqrt(len(words) + 1)
        out.append(_Sentence(text[:400], item.cid, item.stakeholder, score, order))
    return out


def _words(text: str) -> list[str]:
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOPWORDS]


def _has(text: str, cues: tuple[str, ...]) -> bool:
    """A cue at the start of a word ("agree" is not found in "disagree")."""
    low = f" {text.lower()} "
    return any(re.search(r"(?<![a-z])" + re.escape(cue), low) for cue in cues)


def _similar(a: str, b: str) -> bool:
    """Near-duplicates (the same point made twice) share most of their words."""
    wa, wb = set(_words(a)), set(_words(b))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6


def _top(sentences: list[_Sentence], limit: int = PER_SECTION) -> list[_Sentence]:
    best: list[_Sentence] = []
    for sentence in sorted(sentences, key=lambda s: (-s.score, s.order)):
        if len(best) == limit:
            break
        if not any(_similar(sentence.text, kept.text) for kept in best):
            best.append(sentence)
    return sorted(best, key=lambda s: s.order)


NO_TEXT = "The discussion had no text to draft from."
RESERVATIONS = "Points raised with reservations"
VERBATIM = "Proposed in the discussion (extracted verbatim; not yet weighed)."
# The drafter's own words, the same in every offline draft: not what a group discussed.
BOILERPLATE = frozenset({NO_TEXT, RESERVATIONS, VERBATIM})


def draft_offline(items: Sequence[Prepared]) -> DraftBody:
    sentences = _sentences(items)
    if not sentences:
        return DraftBody(problem_statement=NO_TEXT)
    used: set[int] = set()

    def pick(
        cues: tuple[str, ...], *, question: bool = False, unless: tuple[str, ...] = ()
    ) -> list[_Sentence]:
        found = [
            s
            for s in sentences
            if s.order not in used
            and (s.text.endswith("?") if question else _has(s.text, cues))
            and not (not question and s.text.endswith("?"))
            and not (unless and _has(s.text, unless))
        ]
        chosen = _top(found)
        used.update(s.order for s in chosen)
        return chosen

    # The problem statement: the most central plain statement (it may be cited again below).
    cues = AGREE + DISAGREE + RECOMMEND + NEXT
    plain = [s for s in sentences if not s.text.endswith("?") and not _has(s.text, cues)]
    statement = _top(plain or sentences, 1)
    disagreements = pick(DISAGREE)
    recommendations = pick(RECOMMEND, unless=DISAGREE)
    agreements = pick(AGREE, unless=DISAGREE)
    questions = pick((), question=True)
    next_steps = pick(NEXT)

    by_group: dict[str, list[_Sentence]] = defaultdict(list)
    for s in disagreements:
        by_group[s.stakeholder or "Stakeholder group not stated"].append(s)
    views = [
        View(
            stakeholder_groups=[group],
            position=" ".join(s.text for s in said[:2]),
            citations=[s.cid for s in said],
        )
        for group, said in by_group.items()
    ]
    return DraftBody(
        problem_statement=" ".join(s.text for s in statement),
        agreements=[Point(text=s.text, citations=[s.cid]) for s in agreements],
        disagreements=[Disagreement(topic=RESERVATIONS, views=views)] if views else [],
        recommendations=[
            Recommendation(
                text=s.text,
                rationale=VERBATIM,
                citations=[s.cid],
            )
            for s in recommendations
        ],
        open_questions=[Point(text=s.text, citations=[s.cid]) for s in questions],
        next_steps=[Point(text=s.text, citations=[s.cid]) for s in next_steps],
    )
