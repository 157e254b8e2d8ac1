"""How the offline drafter reads a discussion: sentences, the proposals they make (merged when
they say the same thing), and the replies attached to what they answer. The drafting itself
(offline.py) turns what this finds into a draft."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.summarizer import cues
from bot.summarizer.prep import Prepared

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


@dataclass
class Said:
    """One sentence of one message."""

    text: str
    item: Prepared
    order: int


@dataclass
class Proposal:
    said: list[Said]  # the sentences that propose it (the first one, then restatements)
    words: set[str]
    terms: set[str]
    support: list[Said] = field(default_factory=list)
    objections: list[Said] = field(default_factory=list)
    reservations: list[tuple[Said, str]] = field(default_factory=list)
    thread_ids: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        """The most specific wording: the restatement with the most content words."""
        best = max(self.said, key=lambda s: (len(content_words(s.text)), len(s.text), -s.order))
        return best.text

    @property
    def proposers(self) -> list[Prepared]:
        return distinct_people(s.item for s in self.said)

    @property
    def supporters(self) -> list[Prepared]:
        return distinct_people([*(s.item for s in self.said), *(s.item for s in self.support)])

    @property
    def objectors(self) -> list[Prepared]:
        return distinct_people(s.item for s in self.objections)

    def citations(self) -> list[str]:
        said = [*self.said, *self.support, *self.objections, *(s for s, _ in self.reservations)]
        return cids(said)


def distinct_people(items: object) -> list[Prepared]:
    """One entry per person, in order of first appearance."""
    seen: dict[str, Prepared] = {}
    for item in items:  # type: ignore[attr-defined]
        seen.setdefault(item.message.user_id, item)
    return list(seen.values())


def cids(said: Sequence[Said]) -> list[str]:
    return sorted({s.item.cid for s in said}, key=lambda c: int(c[1:]))


def content_words(text: str) -> set[str]:
    return {
        w.rstrip("s")
        for w in (m.lower() for m in _WORD.findall(text))
        if w not in STOPWORDS and w.rstrip("s") not in STOPWORDS
    }


def key_terms(text: str) -> set[str]:
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


def _same(p: Proposal, text: str, words_: set[str], terms: set[str]) -> bool:
    """Does `text` propose what one of `p`'s sentences proposes? (Compared sentence by
    sentence, so a proposal cannot snowball into every other.)"""
    if any(_conflict(s.text, text) for s in p.said):
        return False
    for said in p.said:
        mine, theirs = content_words(said.text), key_terms(said.text)
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


def sentences_of(item: Prepared) -> list[str]:
    out = []
    for part in _SENTENCE.split(_clean(item.message.text)):
        part = " ".join(part.split())
        if len(part) >= 3 and _WORD.search(part):
            out.append(part if len(part) <= QUOTE_MAX else part[: QUOTE_MAX - 1] + "…")
    return out


class Reader:
    """Reads the messages in order and attaches each reply to what it answers."""

    def __init__(self) -> None:
        self.proposals: list[Proposal] = []
        self.questions: list[Said] = []
        self.commitments: list[Said] = []
        self.loose_objections: list[Said] = []
        self.order = 0

    def read(self, item: Prepared) -> None:
        if cues.addresses_the_model(item.message.text):
            return
        sentences = sentences_of(item)
        reply_done = False
        for text in sentences:
            said = Said(text, item, self.order)
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

    def _react(self, target: Proposal, said: Said, st: cues.Stance) -> None:
        if st.objects:
            target.objections.append(said)
        else:
            target.support.append(said)
            if st.reservation:
                target.reservations.append((said, st.reservation))
        if said.item.message.thread_id:
            target.thread_ids.add(said.item.message.thread_id)

    def _propose(self, said: Said, item: Prepared) -> None:
        w, t = content_words(said.text), key_terms(said.text)
        for p in self.proposals:
            if _same(p, said.text, w, t):
                p.said.append(said)
                p.words |= w
                p.terms |= t
                return
        p = Proposal([said], w, t)
        message = item.message
        p.thread_ids.add(message.thread_id or message.id)
        self.proposals.append(p)

    def _target(self, item: Prepared, text: str) -> Proposal | None:
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
        w, t = content_words(text), key_terms(text)
        # An objection to "a mandate" answers the proposal asking for a binding measure.
        kind = [(_binding(text), 4), (_voluntary(text), 4)]

        def affinity(p: Proposal) -> int:
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
