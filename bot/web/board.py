"""The MAG board's data: every group's phase, lateness, coverage, liaisons, outputs and
uptake, and the overlaps between groups. Set-based reads (bot/overview/build.py), then
kept while the database's generation reads the same (a write anywhere is seen next time)."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.settings import CoreSettings
from bot.domain.dates import local_today
from bot.overview.build import OverviewRow, build_overview
from bot.overview.drafts import latest_drafts
from bot.overview.overlap import DEFAULT_THRESHOLD, find_overlaps
from bot.uptake.cycle_view import NO_CYCLE, CycleFacts, cycle_facts_of
from storage.database import Database
from storage.store import Store

log = logging.getLogger(__name__)

MAX_OVERLAPS = 50
# A kept board is served while a newer one is built, if it is younger than this.
MAX_STALE_SECONDS = 120.0


@dataclass(frozen=True)
class UptakeItem:
    body: str
    status: str
    url: str
    liaison: bool


@dataclass(frozen=True)
class OutputItem:
    number: int
    title: str
    url: str
    published_on: date | None
    cycle_year: int | None
    uptake: tuple[UptakeItem, ...]


@dataclass(frozen=True)
class BoardGroup:
    row: OverviewRow
    cycle: CycleFacts
    outputs: tuple[OutputItem, ...]
    public: bool


@dataclass(frozen=True)
class OverlapItem:
    a: str
    b: str
    score: float
    shared: tuple[str, ...]


@dataclass(frozen=True)
class Board:
    groups: tuple[BoardGroup, ...]
    stakeholders: tuple[str, ...]
    regions: tuple[str, ...]
    overlaps: tuple[OverlapItem, ...]
    bodies: tuple[tuple[str, tuple[str, ...]], ...]
    today: date

    @property
    def late(self) -> int:
        return sum(1 for g in self.groups if g.cycle.late or _overdue(g.row))

    @property
    def outputs(self) -> int:
        return sum(g.row.outputs for g in self.groups)

    @property
    def without_uptake(self) -> int:
        return sum(g.row.without_uptake for g in self.groups)


def _overdue(row: OverviewRow) -> bool:
    left = row.facts.days_left
    return left is not None and left < 0


def outputs_of(store: Store, group_ids: list[int]) -> dict[int, tuple[OutputItem, ...]]:
    """Each group's outputs with their uptake (two queries)."""
    liaison_keys = {(r.group_id, r.org_key): r.org_name for r in store.liaisons.all()}
    entries = store.uptake.of_groups(group_ids)
    by_output: dict[int, list[UptakeItem]] = defaultdict(list)
    for gid, rows in entries.items():
        for e in rows:
            name = liaison_keys.get((gid, e.body_key))
            by_output[e.output_id].append(
                UptakeItem(name or e.body_name, e.status, e.url, name is not None)
            )
    out: dict[int, tuple[OutputItem, ...]] = {}
    for gid, outputs in store.outputs.of_groups(group_ids).items():
        out[gid] = tuple(
            OutputItem(
                o.number,
                o.title,
                o.url,
                o.published_on,
                o.cycle_year,
                tuple(by_output.get(o.id or 0, ())),
            )
            for o in outputs
        )
    return out


def build_board(store: Store, settings: CoreSettings, now: datetime) -> Board:
    data = build_overview(
        store, now, settings.stakeholders, settings.regions, settings.consensus_thresholds
    )
    ids = [r.group_id for r in data.rows]
    outputs = outputs_of(store, ids)
    public = set(store.public_pages.group_ids())
    by_id = {g.id: g for g in store.groups.all() if g.id is not None}
    facts = cycle_facts_of(
        store,
        settings,
        list(by_id.values()),
        {gid: local_today(now, g.timezone) for gid, g in by_id.items()},
    )
    overlaps = _overlaps(store)
    groups = tuple(
        BoardGroup(
            row=r,
            cycle=facts.get(r.group_id, NO_CYCLE),
            outputs=outputs.get(r.group_id, ()),
            public=r.group_id in public,
        )
        for r in data.rows
    )
    return Board(
        groups=groups,
        stakeholders=settings.stakeholders.names,
        regions=settings.regions.names,
        overlaps=overlaps,
        bodies=data.bodies,
        today=local_today(now, settings.wgbot_timezone),
    )


@dataclass(frozen=True)
class Kept:
    generation: int | tuple[int, int] | None  # storage.database.Database.generation()
    day: date
    built_at: float  # time.monotonic()
    page: bytes


_TOPICS_LOCK = threading.Lock()
_TOPICS: dict[str, tuple[OverlapItem, ...]] = {}


def _overlaps(store: Store) -> tuple[OverlapItem, ...]:
    """The pairwise topic overlaps (the board's costliest part), computed again only when
    what they are computed from (goals, charters, latest drafts) changed."""
    groups = store.groups.all()
    charters = store.overview.charter_texts()
    ids = [g.id for g in groups if g.id is not None]
    drafts = latest_drafts(store, ids)
    docs: dict[int, str] = {}
    for group in groups:
        assert group.id is not None
        draft = drafts.get(group.id)
        parts = [group.goal or "", *charters.get(group.id, []), draft.content if draft else ""]
        docs[group.id] = "\n".join(parts)
    names = {g.id: g.name for g in groups if g.id is not None}
    digest = hashlib.sha256(repr(sorted((k, names[k], v) for k, v in docs.items())).encode())
    key = digest.hexdigest()
    with _TOPICS_LOCK:
        if key in _TOPICS:
            return _TOPICS[key]
    found = find_overlaps(docs, threshold=DEFAULT_THRESHOLD)
    result = tuple(
        OverlapItem(names[o.a], names[o.b], o.score, tuple(o.shared)) for o in found[:MAX_OVERLAPS]
    )
    with _TOPICS_LOCK:
        _TOPICS.clear()  # one entry: the latest topics
        _TOPICS[key] = result
    return result


class BoardCache:
    """The board as last built. Building it for 1,000 groups takes seconds (the pairwise
    topic overlaps above all), and every recorded chat message is a write, so the page is
    served stale-while-revalidate: the kept page is served at once while a rebuild runs in a
    thread of its own, as long as it is younger than `max_stale`; an older one (or none) is
    built while the request waits. `warm()` builds it in the background at
    start. The link itself is checked on every request, never cached."""

    def __init__(self, max_stale: float = MAX_STALE_SECONDS) -> None:
        self.max_stale = max_stale
        self._lock = threading.Lock()
        self._kept: Kept | None = None
        self._rebuilding = False

    def _build(self, database: Database, day: date, make: Callable[[], bytes]) -> Kept:
        generation = database.generation()  # read BEFORE building: a later write is seen
        kept = Kept(generation, day, time.monotonic(), make())
        with self._lock:
            self._kept = kept
        return kept

    def _rebuild(self, database: Database, day: date, make: Callable[[], bytes]) -> None:
        try:
            self._build(database, day, make)
        except Exception:
            log.exception("web: rebuilding the board failed; the kept page stays")
        finally:
            with self._lock:
                self._rebuilding = False

    def warm(self, database: Database, day: date, make: Callable[[], bytes]) -> None:
        with self._lock:
            if self._rebuilding:
                return
            self._rebuilding = True
        threading.Thread(
            target=self._rebuild, args=(database, day, make), name="wgbot-board", daemon=True
        ).start()

    def get(self, database: Database, day: date, make: Callable[[], bytes]) -> Kept:
        with self._lock:
            kept = self._kept
        if kept is not None:
            generation = database.generation()
            if kept.day == day and generation is not None and generation == kept.generation:
                return kept
            if time.monotonic() - kept.built_at < self.max_stale:
                self.warm(database, day, make)
                return kept
        return self._build(database, day, make)
