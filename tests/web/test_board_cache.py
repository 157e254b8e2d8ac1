"""The board's kept page: served while nothing was written; after a write served at once
while a rebuild runs behind (if under `max_stale` old); built while waiting when older."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from bot.web.board import BoardCache

DAY = date(2027, 1, 11)


class Generations:
    """The database's write counter (storage.database.Database.generation), by hand."""

    def __init__(self) -> None:
        self.value = 1

    def generation(self) -> int:
        return self.value


class Builds:
    def __init__(self) -> None:
        self.count = 0
        self.done = threading.Event()

    def __call__(self) -> bytes:
        self.count += 1
        self.done.set()
        return f"page {self.count}".encode()


def test_kept_then_stale_while_rebuilt_then_fresh() -> None:
    db, make, cache = Generations(), Builds(), BoardCache(max_stale=60)
    database: Any = db
    assert cache.get(database, DAY, make).page == b"page 1"
    assert cache.get(database, DAY, make).page == b"page 1" and make.count == 1
    db.value = 2  # a write
    make.done.clear()
    assert cache.get(database, DAY, make).page == b"page 1"  # at once, the kept page
    assert make.done.wait(5)
    for _ in range(100):  # the rebuild thread stores its page
        if not cache._rebuilding:
            break
        threading.Event().wait(0.01)
    assert cache.get(database, DAY, make).page == b"page 2"


def test_a_page_too_old_is_built_while_the_request_waits() -> None:
    db, make, cache = Generations(), Builds(), BoardCache(max_stale=0)
    database: Any = db
    cache.get(database, DAY, make)
    db.value = 2
    assert cache.get(database, DAY, make).page == b"page 2" and make.count == 2
