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
from collections.abc import Hashable

from bot.core.messages import Reply

MAX_ENTRIES = 1024

Key = tuple[Hashable, ...]


class ReplyCache:
    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self.size = size
        self._entries: OrderedDict[Key, tuple[Hashable, Reply]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key, generation: Hashable) -> Reply | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != generation:
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: Key, generation: Hashable, reply: Reply) -> None:
        with self._lock:
            self._entries[key] = (generation, reply)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
