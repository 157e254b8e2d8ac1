"""This process receiving a platform's messages: registered in the record (`record_listener`)
with a heartbeat, so that after a restart the gap between two processes is known and read
back from history instead of being silently missing."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from bot.clock import Clock
from bot.core.messages import Platform
from storage.database import Database
from storage.store import Store

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 60.0


class Listening:
    def __init__(self, database: Database, platform: Platform, clock: Clock) -> None:
        self.database = database
        self.clock = clock
        self.since: datetime = clock()
        with database.session() as session:
            self.id = Store(session).record_gaps.listener_start(platform.value, self.since)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def beat(self) -> None:
        with self.database.session() as session:
            store = Store(session)
            store.changes_only_record_of(None)  # a heartbeat changes no reply
            store.record_gaps.listener_alive(self.id, self.clock())

    def start(self, interval: float = HEARTBEAT_SECONDS) -> None:
        """Beat every `interval` seconds on a daemon thread until stop()."""
        if self._thread is not None:
            return

        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    self.beat()
                except Exception as exc:  # a lost beat only widens a gap that history fills
                    log.info("record heartbeat failed: %s", exc)

        self._thread = threading.Thread(target=loop, name="wgbot-record-heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        try:
            self.beat()
        except Exception as exc:
            log.info("last record heartbeat failed: %s", exc)
