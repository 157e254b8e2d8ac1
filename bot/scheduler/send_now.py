"""Sends what a command just made due (a new sponsor's welcome) at once, on a thread of its
own: the command's reply never waits for it. The claim of its row in the delivery table makes
it exactly-once with the regular sweeps, which also retry it if this try fails or the process
dies first."""

from __future__ import annotations

import logging
import queue
import threading
from typing import Protocol

log = logging.getLogger(__name__)

IDLE_SECONDS = 60.0


class _Sender(Protocol):
    def deliver_now(self, group_id: int) -> object: ...


class SendNowQueue:
    """The core's `SendNow` port: `wake(group_id)` queues the group and returns. `background=False`
    (the console) sends only on `drain`, on the caller's thread, so a welcome prints after
    the reply that caused it rather than into it."""

    def __init__(self, sender: _Sender, *, background: bool = True) -> None:
        self.sender = sender
        self.background = background
        self._queue: queue.Queue[int] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def wake(self, group_id: int) -> None:
        with self._lock:  # a put and the idle thread's exit never cross (see _run)
            self._queue.put_nowait(group_id)
            if self._thread is None and self.background:
                self._thread = threading.Thread(
                    target=self._run, name="wgbot-send-now", daemon=True
                )
                self._thread.start()

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait until every woken group was handled (tests, the console); False on timeout."""
        if not self.background:
            while not self._queue.empty():
                self._send(self._queue.get_nowait())
            return True
        done = self._queue.all_tasks_done
        with done:
            return done.wait_for(lambda: self._queue.unfinished_tasks == 0, timeout)

    def _run(self) -> None:
        while True:
            try:
                group_id = self._queue.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._thread = None  # idle: the next wake starts one again
                        return
                continue
            self._send(group_id)

    def _send(self, group_id: int) -> None:
        try:
            self.sender.deliver_now(group_id)
        except Exception:  # the sweeps retry what was claimed; nothing is lost here
            log.exception("sending group %s's due messages at once failed", group_id)
        finally:
            self._queue.task_done()
