"""When the next history call of a method may go: the protocol the filler (and the Slack
delivery lookup) paces by, and Pacer, its one-process form (bot/record/budget.py's
SharedPacer is the one a deployment shares through the database)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol


class HistoryPacer(Protocol):
    """When the next history call of a method may go: Pacer (one process) or
    bot/record/budget.py's SharedPacer (every process of a deployment)."""

    @property
    def interval(self) -> float: ...

    def per_call(self, method: str = ...) -> int: ...
    def wait_time(self, method: str | None = ...) -> float: ...
    def take(self, method: str = ...) -> bool: ...
    def hold(self, seconds: float, method: str = ...) -> None: ...
    def step_down(self, method: str, interval: float, per_call: int) -> None: ...


class Pacer:
    """At most one call per `interval` seconds, whatever the method, in this process only
    (bot/record/budget.py's SharedPacer is the one a deployment shares); a platform's
    Retry-After pushes it back. `clock` is monotonic seconds (tests pass one they advance)."""

    def __init__(
        self, interval: float, clock: Callable[[], float] = time.monotonic, per_call: int = 15
    ) -> None:
        self.interval = interval
        self.clock = clock
        self._per_call = per_call
        self._next = 0.0
        self._lock = threading.Lock()

    def per_call(self, _method: str = "") -> int:
        return self._per_call

    def step_down(self, _method: str, interval: float, per_call: int) -> None:
        self.interval = max(self.interval, interval)
        self._per_call = min(self._per_call, per_call)

    def wait_time(self, _method: str | None = None) -> float:
        return max(0.0, self._next - self.clock())

    def take(self, _method: str = "") -> bool:
        """True (and the budget spent) when a call may go now."""
        with self._lock:
            now = self.clock()
            if now < self._next:
                return False
            self._next = now + self.interval
            return True

    def hold(self, seconds: float, _method: str = "") -> None:
        with self._lock:
            self._next = max(self._next, self.clock() + seconds)
