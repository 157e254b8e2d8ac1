"""The MAG board's data: every group's phase, lateness, coverage, liaisons, outputs and
uptake, and the overlaps between groups. Set-based reads (bot/overview/build.py), then
kept while the database's generation reads the same (a write anywhere is seen next time)."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from bot.config import Settings
from bot.domain.dates import local_today
from bot.overview.build import OverviewRow, build_overview
from bot.overview.topics import all_overlaps
from bot.uptake.cycle_view import NO_CYCLE, CycleFacts, cycle_facts_of
from storage.database import Database
from storage.store import Store

MAX_OVERLAPS = 50


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


def build_board(store: Store, settings: Settings, now: datetime) -> Board:
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
    found = all_overlaps(store)
    overlaps = tuple(
        OverlapItem(found.names[o.a], found.names[o.b], o.score, tuple(o.shared))
        for o in found.overlaps[:MAX_OVERLAPS]
    )
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


class BoardCache:
    """The board as last built, served again while nothing was written (and the day is the
    same): a MAG meeting where many open the board costs one build."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: tuple[tuple[int, date], object] | None = None

    def get(self, database: Database, today: date, make: object) -> object:
        """`make()` builds it; the result (any value: the page's HTML) is kept."""
        assert callable(make)
        generation = database.generation()
        key = None if generation is None else (generation, today)
        with self._lock:
            if key is not None and self._kept is not None and self._kept[0] == key:
                return self._kept[1]
        value = make()
        if key is not None:
            with self._lock:
                self._kept = (key, value)
        return value
