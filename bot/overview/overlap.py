"""Topic overlaps between groups: TF-IDF vectors over goal + charter + latest draft, cosine
similarity between every pair that shares a term.

Pure Python and deterministic (no model, no network, no randomness): a few hundred short
documents are far below the size where scikit-learn's sparse matrices would pay for pulling
in scipy; the same formulas (smoothed IDF, sub-linear TF, L2 norm) take ~80 lines here.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

# Pairs at or above this cosine similarity are reported (tuned on the 20-group fixture in
# tests/fixtures/overlap_groups.py; see docs/overview.md for its precision and recall).
DEFAULT_THRESHOLD = 0.10
# A term used by more than this share of groups says nothing about any topic ("internet").
MAX_DOC_SHARE = 0.5
# Only applied when there are enough groups for a share to mean something.
MAX_DOC_SHARE_MIN_DOCS = 6
SHARED_TERMS_SHOWN = 5
# One shared word is a coincidence ("local"), not a shared topic.
MIN_SHARED_TERMS = 2

_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*[a-z0-9]|[a-z]")

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each else
    even ever every few for from further had has have having he her here hers him his how
    however i if in into is it its itself just least less let like made make many may me
    might more most much must my near need needs no nor not now of off often on once one
    only or other others our ours out over own per put rather same shall she should since so
    some such than that the their theirs them then there these they this those though
    through thus to too under until up upon us very via was we were what when where whether
    which while who whom whose why will with within without would yet you your new way ways
    well use used using work works working help helps across toward towards based able among
    around get gets set sets take takes without whether etc e g ie eg two three four five
    six seven eight nine ten first second year years month months week weeks day days igf
    forum group groups coalition coalitions network networks policy policies dynamic best
    practice practices fact-finding intersessional mag sponsor chair chairs member members
    internet online digital governance stakeholder stakeholders multistakeholder
    recommendation recommendations report reports outcome outcomes goal goals charter draft
    drafts session sessions participant participants people topic topics issue
    issues question questions problem problems success look looks value resources commit go
    no-go nobody else better placed affiliate specific what's who's yes
    """.split()  # noqa: SIM905
)


def _stem(word: str) -> str:
    """Fold plurals only ("networks" → "network", "policies" → "policy"): cheap, predictable,
    and enough to join the same word across short texts."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Lower-cased words, stop words dropped, plurals folded."""
    words = _WORD.findall(text.lower().replace("’", "'").replace("'s", ""))
    out = []
    for word in words:
        if word in STOP_WORDS or word.isdigit() or len(word) < 2:
            continue
        stemmed = _stem(word)
        if stemmed not in STOP_WORDS:
            out.append(stemmed)
    return out


@dataclass(frozen=True)
class Overlap:
    a: int  # the lower id
    b: int
    score: float  # cosine similarity, 0..1
    shared: tuple[str, ...]  # the terms that weigh most in the similarity, heaviest first


def tfidf_vectors(docs: Mapping[int, str]) -> dict[int, dict[str, float]]:
    """L2-normalised TF-IDF: tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1, with the
    terms that more than half of all groups use left out (once there are enough groups)."""
    counts = {key: Counter(terms(text)) for key, text in docs.items()}
    n = len(counts)
    df: Counter[str] = Counter()
    for c in counts.values():
        df.update(c.keys())
    too_common = (
        {t for t, d in df.items() if d / n > MAX_DOC_SHARE}
        if n >= MAX_DOC_SHARE_MIN_DOCS
        else set()
    )
    vectors: dict[int, dict[str, float]] = {}
    for key, c in counts.items():
        weights = {
            t: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[t])) + 1)
            for t, k in c.items()
            if t not in too_common
        }
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors[key] = {t: w / norm for t, w in weights.items()} if norm else {}
    return vectors


def find_overlaps(
    docs: Mapping[int, str],
    threshold: float = DEFAULT_THRESHOLD,
    shared_terms: int = SHARED_TERMS_SHOWN,
) -> list[Overlap]:
    """Every pair of documents at or above `threshold`, best first (ties by ids).

    Only pairs sharing at least one term are scored (an inverted index), so the cost grows
    with the shared vocabulary, not with the square of the number of groups.
    """
    vectors = tfidf_vectors(docs)
    postings: dict[str, list[int]] = defaultdict(list)
    for key in sorted(vectors):
        for term in vectors[key]:
            postings[term].append(key)
    contributions: dict[tuple[int, int], list[tuple[float, str]]] = defaultdict(list)
    for term, keys in postings.items():
        if len(keys) < 2:
            continue
        for i, a in enumerate(keys):
            wa = vectors[a][term]
            for b in keys[i + 1 :]:
                contributions[(a, b)].append((wa * vectors[b][term], term))
    out = []
    for (a, b), parts in contributions.items():
        score = sum(p for p, _ in parts)
        if len(parts) < MIN_SHARED_TERMS or score + 1e-12 < threshold:
            continue
        parts.sort(key=lambda p: (-p[0], p[1]))
        out.append(Overlap(a, b, round(score, 4), tuple(term for _, term in parts[:shared_terms])))
    out.sort(key=lambda o: (-o.score, o.a, o.b))
    return out


def precision_recall(
    found: AbstractSet[Hashable], truth: AbstractSet[Hashable]
) -> tuple[float, float]:
    """Share of found pairs that are true, and share of true pairs that were found."""
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall
