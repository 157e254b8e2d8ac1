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
  (bot/domain/draft_wording.py); quoted sentences stay as written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.domain.draft_schema import MAX_ITEMS, Disagreement, DraftBody, Point, Recommendation, View
from bot.domain.draft_wording import Words, words
from bot.summarizer.brief import Brief
from bot.summarizer.offline_reader import (
    Proposal,
    Reader,
    Said,
    cids,
    content_words,
    distinct_people,
    key_terms,
    sentences_of,
)
from bot.summarizer.prep import Prepared


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
        terms.update(key_terms(item.message.text))
    if not terms:
        terms.update(wd for i in items for wd in content_words(i.message.text))
    top = [t for t, _ in sorted(terms.items(), key=lambda x: (-x[1], x[0]))[:4]]
    return f"{w.no_brief} {w.most_discussed}: {', '.join(top)}." if top else w.no_brief


def _sentence_end(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "。", "…")) else text + "."


def _rationale(p: Proposal, w: Words) -> str:
    parts = [f"{w.proposed} {_who(p.proposers, w)}"]
    proposers = {person.message.user_id for person in p.proposers}
    agreed = [
        s for s in distinct_people(s.item for s in p.support) if s.message.user_id not in proposers
    ]
    if agreed:
        parts.append(f"{w.agreed}: {_who(agreed, w)}")
    for said, reservation in p.reservations:
        parts.append(f"{w.reservation} ({said.item.author}): {_quote(reservation)}")
    if p.objections:
        parts.append(f"{w.objected}: {_who(p.objectors, w)} — {w.contested}")
    else:
        parts.append(w.no_objection)
    return "; ".join(parts) + "."


def _weightiest(said: Sequence[Said]) -> Said:
    """The sentence that says most ("Agreed, Lars." says least)."""
    return max(said, key=lambda s: (len(content_words(s.text)), -s.order))


def _views(p: Proposal, w: Words) -> list[View]:
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
                    citations=cids(theirs),
                )
            )
    return views


def draft_offline(
    items: Sequence[Prepared], brief: Brief | None = None, language: str = "en"
) -> DraftBody:
    w = words(language)
    reader = Reader()
    for item in items:
        reader.read(item)
    if not any(sentences_of(i) for i in items):
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
                topic=", ".join(sorted(key_terms(s.text))) or _quote(s.text),
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
