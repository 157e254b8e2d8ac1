"""After the model: keep only citations to messages that exist, keep only links that were in
the input, and drop any text that repeats the prompt (an injection that made it leak)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from bot.domain.draft_schema import REMOVED, Disagreement, DraftBody, Point, Recommendation, View

_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]\"']+|\bwww\.[^\s<>()\[\]\"']+", re.IGNORECASE)
_CID = re.compile(r"^m\d{1,6}$")
# Words only: numbering ("1.", "2)"), bullets, punctuation, case and spacing do not count.
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_FRAGMENT_CHARS = 24
MIN_FRAGMENT_WORDS = 4


def normalise(text: str) -> str:
    """Lower-case words joined by single spaces, padded so matches fall on word boundaries:
    a leak re-numbered, re-bulleted, re-cased or re-wrapped still matches the prompt line."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


class Guard:
    """The facts a model's answer is checked against."""

    def __init__(
        self,
        known_ids: Collection[str],
        input_texts: Iterable[str],
        secrets: Iterable[str],
        markers: Iterable[str] = (),
    ) -> None:
        self.known_ids = set(known_ids)
        self.allowed_urls = {u.rstrip(".,;:!?") for t in input_texts for u in _URL.findall(t)}
        # Prompt lines long enough that a match is no accident, compared as normalised words.
        self.secrets = sorted(
            {
                n
                for s in secrets
                if len(n := normalise(s)) - 2 >= MIN_FRAGMENT_CHARS
                and n.count(" ") - 1 >= MIN_FRAGMENT_WORDS
            }
        )
        # The run's nonce: random, so seen anywhere in an answer it can only be a leak.
        self.markers = [m.lower() for m in markers if m.strip()]

    def leaks(self, text: str) -> bool:
        low = text.lower()
        if any(marker in low for marker in self.markers):
            return True
        words = normalise(text)
        return any(secret in words for secret in self.secrets)

    def citations(self, ids: Iterable[str]) -> list[str]:
        out: list[str] = []
        for raw in ids:
            cid = raw.strip().strip("[]").lower()
            if _CID.match(cid) and cid in self.known_ids and cid not in out:
                out.append(cid)
        return out

    def text(self, text: str) -> str:
        if self.leaks(text):
            return REMOVED

        def keep(match: re.Match[str]) -> str:
            url = match.group(0).rstrip(".,;:!?")
            return match.group(0) if url in self.allowed_urls else "[link removed]"

        return _URL.sub(keep, text).strip()

    def body(self, body: DraftBody) -> DraftBody:
        def points(items: list[Point]) -> list[Point]:
            return [
                Point(text=self.text(p.text), citations=self.citations(p.citations))
                for p in items
                if p.text.strip()
            ]

        return DraftBody(
            problem_statement=self.text(body.problem_statement),
            agreements=points(body.agreements),
            disagreements=[
                Disagreement(
                    topic=self.text(d.topic),
                    views=[
                        View(
                            stakeholder_groups=[self.text(g) for g in v.stakeholder_groups],
                            position=self.text(v.position),
                            citations=self.citations(v.citations),
                        )
                        for v in d.views
                    ],
                )
                for d in body.disagreements
            ],
            recommendations=[
                Recommendation(
                    text=self.text(r.text),
                    rationale=self.text(r.rationale),
                    citations=self.citations(r.citations),
                )
                for r in body.recommendations
                if r.text.strip()
            ],
            open_questions=points(body.open_questions),
            next_steps=points(body.next_steps),
        )


def prompt_fragments(*prompts: str) -> list[str]:
    """The lines of our RENDERED prompts (data left out) a leak would repeat."""
    return [
        line
        for prompt in prompts
        for line in prompt.splitlines()
        if len(normalise(line)) - 2 >= MIN_FRAGMENT_CHARS
    ]


def cited_ids(body: DraftBody) -> list[str]:
    """Every citation in a draft, in order of first appearance."""
    ids: list[str] = []
    groups = [
        *(p.citations for p in body.agreements),
        *(v.citations for d in body.disagreements for v in d.views),
        *(r.citations for r in body.recommendations),
        *(p.citations for p in body.open_questions),
        *(p.citations for p in body.next_steps),
    ]
    for group in groups:
        ids.extend(c for c in group if c not in ids)
    return ids
