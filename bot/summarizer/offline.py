"""The drafter used when no LLM is configured: offline, deterministic, and honest about it.

It does not write prose; it reads the discussion's structure:
- the problem statement is the group's own: its charter's problem and its goal;
- proposals are sentences that propose (should / recommend / propose / il faut / deberíamos …),
  merged when they say the same thing (the same key term, such as "BCP 38", and enough words
  in common, and not one asking for a mandate where the other asks for voluntary measures);
- a reply that agrees or objects (cue words in English, French and Spanish, and the common ones
  in Arabic, Chinese and Russian) is attached to the proposal it answers: the thread it is in,
  the message it quotes, the person it names, the proposal it shares key terms with, or else
  the proposal just before it; "I agree, but …" is support with a reservation;
- who supports and who objects is grouped by stakeholder group, with names; a side with fewer
  voices is marked as the minority view;
- open questions are real questions (a question mark and a few words, or a question word);
  next steps are commitments ("I will …");
- every point cites the messages it rests on; a message addressed to a model ("ignore previous
  instructions …") is left out. Headings and connecting words are in the draft's language
  (bot/summarizer/wording.py); quoted sentences stay as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.summarizer import cues
from bot.summarizer.brief import Brief
from bot.summarizer.prep import Prepared
from bot.summarizer.schema import MAX_ITEMS, Disagreement, DraftBody, Point, Recommendation, View
from bot.summarizer.wording import WORDS, Words, words

_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+")
_URL = re.compile(
    r"\((https?://[^\s<>|()]+)\)|<?(https?://[^\s<>|()]+)(?:\|[^>]*)?>?|(www\.[^\s<>|()]+)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'-]{2,}", re.UNICODE)
_TERM = re.compile(r"\b([A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*|IPv\d)(?:[ -](\d{1,5}))?\b")
_QUOTE = re.compile(r"^>\s?(.+)$", re.MULTILINE)
STOPWORDS = frozenset(
    """the and for that this with from have has had are was were will would could should can
    not but you your our their they them there here what which who whom when where why how all
    any some just also very more most much many such than then into onto about over under
    been being its it's i'm we're let's yes yeah okay please thanks thank agree disagree think
    i'd i'll we'd we'll you'd one two add
    les des une que qui pour pas sur dans par est sont nous vous avec mais plus tout cette ces
    los las una por para con del que sus como más pero este esta estos muy también""".split()  # noqa: SIM905
)
# Two proposals on one subject are not one when only one asks for a binding (or a voluntary)
# kind of measure.
_BINDING = (
    "mandat*", "obligat*", "binding", "compuls*", "legislat*", "by law", "in law", "a law",
    "the law", "legal duty", "legal obligation", "require*", "loi", "ley", "obligatoire*",
    "obligatorio*", "obligación", "ley",
)  # fmt: skip
_VOLUNTARY = ("voluntar*", "volontair*", "guidance", "incentiv*", "non-binding")
# Acronyms every working group uses: no sign that two sentences are about the same thing.
_GENERIC = frozenset(
    "ISP IXP IGF MAG UN NGO AI EU US UK UTC IT ICT IP API NRI NRIS BPF PN DC CSO SME".split()  # noqa: SIM905
)
QUOTE_MAX = 300
# The drafter's own whole texts, the same in every offline draft: not what a group discussed.
BOILERPLATE = frozenset({w.no_text for w in WORDS.values()} | {w.no_brief for w in WORDS.values()})
_QUOTED = re.compile(r"“([^”]*)”")
_MADE = tuple(f"{w.proposed} " for w in WORDS.values())  # a rationale: the drafter's own
_LABELS = tuple(
    label
    for w in WORDS.values()
    for label in (w.no_brief, w.no_text, f"{w.most_discussed}:", f"{w.goal}:")
)


def content(text: str) -> str:
    """What the discussion said in a text this drafter wrote: its quotes, without the names,
    stakeholder groups and connecting words around them (the same in every offline draft, so
    no sign of a shared topic); a text with no quote is the group's own words, less labels."""
    quoted = _QUOTED.findall(text)
    if quoted or text.startswith(_MADE):
        return " ".join(quoted)
    for label in _LABELS:
        text = text.replace(label, " ")
    return " ".join(text.split())


@dataclass
class _Said:
    """One sentence of one message."""

    text: str
    item: Prepared
    order: int


@dataclass
class _Proposal:
    said: list[_Said]  # the sentences that propose it (the first one, then restatements)
    words: set[str]
    terms: set[str]
    support: list[_Said] = field(default_factory=list)
    objections: list[_Said] = field(default_factory=list)
    reservations: list[tuple[_Said, str]] = field(default_factory=list)
    thread_ids: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        """The most specific wording: the restatement with the most content words."""
        best = max(self.said, key=lambda s: (len(_words(s.text)), len(s.text), -s.order))
        return best.text

    @property
    def proposers(self) -> list[Prepared]:
        return _people(s.item for s in self.said)

    @property
    def supporters(self) -> list[Prepared]:
        return _people([*(s.item for s in self.said), *(s.item for s in self.support)])

    @property
    def objectors(self) -> list[Prepared]:
        return _people(s.item for s in self.objections)

    def citations(self) -> list[str]:
        said = [*self.said, *self.support, *self.objections, *(s for s, _ in self.reservations)]
        return _cids(said)


def _people(items: object) -> list[Prepared]:
    """One entry per person, in order of first appearance."""
    seen: dict[str, Prepared] = {}
    for item in items:  # type: ignore[attr-defined]
        seen.setdefault(item.message.user_id, item)
    return list(seen.values())


def _cids(said: Sequence[_Said]) -> list[str]:
    return sorted({s.item.cid for s in said}, key=lambda c: int(c[1:]))


def _words(text: str) -> set[str]:
    return {
        w.rstrip("s")
        for w in (m.lower() for m in _WORD.findall(text))
        if w not in STOPWORDS and w.rstrip("s") not in STOPWORDS
    }


def _terms(text: str) -> set[str]:
    """Key terms: acronyms and names with numbers (BCP 38, RPKI, IPv6, GFCE)."""
    out = set()
    for name, number in _TERM.findall(text):
        name = name.rstrip("s") if name.endswith("s") and name[:-1].isupper() else name
        if number or name.upper() not in _GENERIC:
            out.add(f"{name} {number}".upper() if number else name.upper())
    return out


def _binding(text: str) -> bool:
    return cues.has(text, _BINDING)


def _voluntary(text: str) -> bool:
    return cues.has(text, _VOLUNTARY)


def _conflict(a: str, b: str) -> bool:
    """One asks for a binding measure (a mandate, a law) or a voluntary one and the other
    does not: not the same proposal, whatever else they share."""
    return _binding(a) != _binding(b) or _voluntary(a) != _voluntary(b)


def _same(p: _Proposal, text: str, words_: set[str], terms: set[str]) -> bool:
    """Does `text` propose what one of `p`'s sentences proposes? (Compared sentence by
    sentence, so a proposal cannot snowball into every other.)"""
    if any(_conflict(s.text, text) for s in p.said):
        return False
    for said in p.said:
        mine, theirs = _words(said.text), _terms(said.text)
        if theirs and terms and not theirs & terms:
            continue  # about different things (RPKI, DNSSEC), however alike the wording
        union = mine | words_
        overlap = len(mine & words_) / len(union) if union else 0.0
        if overlap >= 0.6 or (bool(theirs & terms) and overlap >= 0.08):
            return True
    return False


def _clean(text: str) -> str:
    """Links become their host (a draft carries no link the chair did not see), quotes of
    other messages are dropped (they are cited, not repeated)."""
    text = _QUOTE.sub("", text)
    text = _URL.sub(lambda m: f"({_host(m.group(1) or m.group(2) or m.group(3))})", text)
    return text


def _host(url: str) -> str:
    host = re.sub(r"^(https?://)?(www\.)?", "", url, flags=re.IGNORECASE).split("/")[0]
    return host.split("?")[0].rstrip(".,;:!") or "link"


def _sentences(item: Prepared) -> list[str]:
    out = []
    for part in _SENTENCE.split(_clean(item.message.text)):
        part = " ".join(part.split())
        if len(part) >= 3 and _WORD.search(part):
            out.append(part if len(part) <= QUOTE_MAX else part[: QUOTE_MAX - 1] + "…")
    return out


class _Reader:
    """Reads the messages in order and attaches each reply to what it answers."""

    def __init__(self) -> None:
        self.proposals: list[_Proposal] = []
        self.questions: list[_Said] = []
        self.commitments: list[_Said] = []
        self.loose_objections: list[_Said] = []
        self.order = 0

    def read(self, item: Prepared) -> None:
        if cues.addresses_the_model(item.message.text):
            return
        sentences = _sentences(item)
        reply_done = False
        for text in sentences:
            said = _Said(text, item, self.order)
            self.order += 1
            st = cues.stance(text)
            side = cues.is_logistics(text)
            if st.asks:
                if not side:
                    self.questions.append(said)
                continue
            if st.commits:
                self.commitments.append(said)
            if not reply_done and (st.agrees or st.objects):
                target = self._target(item, text)
                if target is not None:
                    reply_done = True
                    self._react(target, said, st)
                    continue
                if st.objects:
                    reply_done = True
                    self.loose_objections.append(said)
                    continue
            if st.proposes and not st.objects and not side:
                self._propose(said, item)

    def _react(self, target: _Proposal, said: _Said, st: cues.Stance) -> None:
        if st.objects:
            target.objections.append(said)
        else:
            target.support.append(said)
            if st.reservation:
                target.reservations.append((said, st.reservation))
        if said.item.message.thread_id:
            target.thread_ids.add(said.item.message.thread_id)

    def _propose(self, said: _Said, item: Prepared) -> None:
        w, t = _words(said.text), _terms(said.text)
        for p in self.proposals:
            if _same(p, said.text, w, t):
                p.said.append(said)
                p.words |= w
                p.terms |= t
                return
        p = _Proposal([said], w, t)
        message = item.message
        p.thread_ids.add(message.thread_id or message.id)
        self.proposals.append(p)

    def _target(self, item: Prepared, text: str) -> _Proposal | None:
        """The proposal a reply answers, by thread, quote, name, key terms, then recency."""
        mine = item.message.user_id
        others = [p for p in self.proposals if any(u.message.user_id != mine for u in p.proposers)]
        if not others:
            return None
        thread = item.message.thread_id
        if thread and thread != item.message.id:
            in_thread = [p for p in others if thread in p.thread_ids]
            if in_thread:
                return in_thread[-1]
        for quoted in _QUOTE.findall(item.message.text):
            probe = " ".join(quoted.split())[:40].lower()
            for p in reversed(others):
                if probe and any(
                    probe in " ".join(s.item.message.text.split()).lower() for s in p.said
                ):
                    return p
        low = item.message.text.lower()
        named = [
            p
            for p in others
            if any(
                re.search(rf"(?<!\w)@?{re.escape(n)}(?!\w)", low)
                for person in p.proposers
                if person.message.user_id != mine
                for n in {person.author.lower(), person.author.split()[0].lower()}
                if len(n) >= 3
            )
        ]
        if named:
            return named[-1]
        w, t = _words(text), _terms(text)
        # An objection to "a mandate" answers the proposal asking for a binding measure.
        kind = [(_binding(text), 4), (_voluntary(text), 4)]

        def affinity(p: _Proposal) -> int:
            return sum(
                bonus
                for (asks, bonus), test in zip(kind, (_binding, _voluntary), strict=True)
                if asks and any(test(s.text) for s in p.said)
            )

        scored = [
            (2 * len(p.terms & t) + len(p.words & w) + affinity(p), n, p)
            for n, p in enumerate(others)
        ]
        best = max(scored, key=lambda x: (x[0], x[1]))
        if best[0] >= 2:
            return best[2]
        latest = others[-1]
        if (
            self.order - latest.said[-1].order <= 6
            or self.order - max((s.order for s in latest.support + latest.objections), default=-99)
            <= 6
        ):
            return latest
        return None


def _by_group(people: Sequence[Prepared], w: Words) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for person in people:
        out.setdefault(person.stakeholder or w.not_stated, []).append(person.author)
    return out


def _who(people: Sequence[Prepared], w: Words) -> str:
    """`Civil society (Tom Weber, Ana Silva); Government (Lars Berg)`."""
    return "; ".join(f"{g} ({', '.join(names)})" for g, names in _by_group(people, w).items())


def _person(item: Prepared) -> str:
    return f"{item.author} ({item.stakeholder})" if item.stakeholder else item.author


def _quote(text: str) -> str:
    return f"“{text}”"


def _problem(brief: Brief | None, items: Sequence[Prepared], w: Words) -> str:
    parts = []
    if brief is not None and brief.problem:
        parts.append(_sentence_end(brief.problem))
    if brief is not None and brief.goal:
        parts.append(f"{w.goal}: {_sentence_end(brief.goal)}")
    if parts:
        return " ".join(parts)
    terms: Counter[str] = Counter()
    for item in items:
        terms.update(_terms(item.message.text))
    if not terms:
        terms.update(wd for i in items for wd in _words(i.message.text))
    top = [t for t, _ in sorted(terms.items(), key=lambda x: (-x[1], x[0]))[:4]]
    return f"{w.no_brief} {w.most_discussed}: {', '.join(top)}." if top else w.no_brief


def _sentence_end(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "。", "…")) else text + "."


def _rationale(p: _Proposal, w: Words) -> str:
    parts = [f"{w.proposed} {_who(p.proposers, w)}"]
    proposers = {person.message.user_id for person in p.proposers}
    agreed = [s for s in _people(s.item for s in p.support) if s.message.user_id not in proposers]
    if agreed:
        parts.append(f"{w.agreed}: {_who(agreed, w)}")
    for said, reservation in p.reservations:
        parts.append(f"{w.reservation} ({said.item.author}): {_quote(reservation)}")
    if p.objections:
        parts.append(f"{w.objected}: {_who(p.objectors, w)} — {w.contested}")
    else:
        parts.append(w.no_objection)
    return "; ".join(parts) + "."


def _weightiest(said: Sequence[_Said]) -> _Said:
    """The sentence that says most ("Agreed, Lars." says least)."""
    return max(said, key=lambda s: (len(_words(s.text)), -s.order))


def _views(p: _Proposal, w: Words) -> list[View]:
    supporters, objectors = p.supporters, p.objectors
    minority_for = len(supporters) < len(objectors)
    minority_against = len(objectors) < len(supporters)
    views = []
    for side, people, said_list, minority in (
        (w.for_, supporters, [*p.said, *p.support], minority_for),
        (w.against, objectors, p.objections, minority_against),
    ):
        for group, names in _by_group(people, w).items():
            theirs = [s for s in said_list if (s.item.stakeholder or w.not_stated) == group]
            label = f"{side}{f' ({w.minority})' if minority else ''}: {', '.join(names)}"
            views.append(
                View(
                    stakeholder_groups=[group],
                    position=f"{label} — {_quote(_weightiest(theirs).text)}",
                    citations=_cids(theirs),
                )
            )
    return views


def draft_offline(
    items: Sequence[Prepared], brief: Brief | None = None, language: str = "en"
) -> DraftBody:
    w = words(language)
    reader = _Reader()
    for item in items:
        reader.read(item)
    if not any(_sentences(i) for i in items):
        return DraftBody(problem_statement=_problem(brief, items, w) if brief else w.no_text)
    proposals = reader.proposals
    agreed = [p for p in proposals if not p.objections and len(p.supporters) > 1]
    contested = [p for p in proposals if p.objections]
    ranked = sorted(
        proposals,
        key=lambda p: (-(len(p.supporters) - len(p.objectors)), p.said[0].order),
    )
    agreements = [
        Point(
            text=f"{_quote(p.text)} — {w.agreed}: {_who(p.supporters, w)}"
            + "".join(f"; {w.reservation}: {_quote(r)}" for _, r in p.reservations),
            citations=p.citations(),
        )
        for p in agreed
    ]
    disagreements = [Disagreement(topic=_quote(p.text), views=_views(p, w)) for p in contested]
    if reader.loose_objections:
        disagreements += [
            Disagreement(
                topic=", ".join(sorted(_terms(s.text))) or _quote(s.text),
                views=[
                    View(
                        stakeholder_groups=[s.item.stakeholder or w.not_stated],
                        position=f"{w.against}: {s.item.author} — {_quote(s.text)}",
                        citations=[s.item.cid],
                    )
                ],
            )
            for s in reader.loose_objections
        ]
    return DraftBody(
        problem_statement=_problem(brief, items, w),
        agreements=agreements[:MAX_ITEMS],
        disagreements=disagreements[:MAX_ITEMS],
        recommendations=[
            Recommendation(text=p.text, rationale=_rationale(p, w), citations=p.citations())
            for p in ranked[:MAX_ITEMS]
        ],
        open_questions=[
            Point(text=f"{_quote(s.text)} — {w.asked} {_person(s.item)}", citations=[s.item.cid])
            for s in reader.questions[:MAX_ITEMS]
        ],
        next_steps=[
            Point(text=f"{_person(s.item)}: {_quote(s.text)}", citations=[s.item.cid])
            for s in reader.commitments[:MAX_ITEMS]
        ],
    )
