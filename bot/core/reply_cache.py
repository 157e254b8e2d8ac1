"""Replies of read-only commands kept while the data they were read from is unchanged.

A command marked `cacheable` answers from the data, the channel, its arguments and the clock
(to the minute) alone, not from who asks. Its reply is kept under those, with the database's
generation read BEFORE it was computed (storage.database: every committed write transaction
in any process bumps the database's counter, or only its channels' when it changes nothing
but a channel's record); it is served again only while the generation still reads the same,
so a write that can change it, by any process, is seen by the next request; a message in
another channel, or the listener's heartbeat, leaves it valid. Worth it where many people
ask at once (a kickoff call's `/wg status`): one small read instead of a dozen queries."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager

from bot.core.messages import Reply

MAX_ENTRIES = 1024
WAIT_FOR_PEER = 1.0  # seconds a request waits for the same key's computation, then computes

Key = tuple[Hashable, ...]


class ReplyCache:
    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self.size = size
        self._entries: OrderedDict[Key, tuple[Hashable, Reply]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Key, threading.Lock] = {}

    def get(self, key: Key, generation: Hashable) -> Reply | None:
        """The kept reply if it was computed at this generation or a later one (the counters
        only grow: a later one saw every write this request could have seen)."""
        with self._lock:
            found = self._entries.get(key)
            if found is None or not _at_least(found[0], generation):
                return None
            self._entries.move_to_end(key)
            return found[1]

    @contextmanager
    def computing(self, key: Key) -> Iterator[bool]:
        """Held while a reply for `key` is computed; True for the first in, False for one
        that waited for another's computation (then it looks in the cache again)."""
        with self._lock:
            lock = self._computing.setdefault(key, threading.Lock())
        first = lock.acquire(blocking=False)
        # A peer's queries are waited for (never a network wait), at most WAIT_FOR_PEER.
        held = first or lock.acquire(timeout=WAIT_FOR_PEER)
        try:
            yield first
        finally:
            if held:
                lock.release()
            with self._lock:
                if len(self._computing) > self.size:
                    self._computing.clear()

    def put(self, key: Key, generation: Hashable, reply: Reply) -> None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None and _at_least(found[0], generation) and found[0] != generation:
                return  # a fresher reply is kept already
            self._entries[key] = (generation, reply)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def _at_least(kept: Hashable, wanted: Hashable) -> bool:
    """Generation `kept` is `wanted` or later: an int, or a tuple of counters each later."""
    if isinstance(kept, tuple) and isinstance(wanted, tuple) and len(kept) == len(wanted):
        return all(k >= w for k, w in zip(kept, wanted, strict=True))
    if isinstance(kept, int) and isinstance(wanted, int):
        return kept >= wanted
    return kept == wanted
