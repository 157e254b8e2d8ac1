"""Retry rules (tenacity): a few quick tries inside a sweep when the platform asks to wait
briefly (429 + Retry-After), then exponential backoff across sweeps, then give up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from bot.core.ports import DeliveryError


def _retry_after(state: RetryCallState) -> float | None:
    exc = state.outcome.exception() if state.outcome else None
    return exc.retry_after if isinstance(exc, DeliveryError) else None


class wait_retry_after(wait_base):
    """Wait what the platform said (Retry-After), else the fallback."""

    def __init__(self, fallback: wait_base) -> None:
        self.fallback = fallback

    def __call__(self, retry_state: RetryCallState) -> float:
        after = _retry_after(retry_state)
        return after if after is not None else self.fallback(retry_state)


class stop_if_retry_after_over(stop_base):
    """A long Retry-After is left to a later sweep rather than slept through."""

    def __init__(self, limit: float) -> None:
        self.limit = limit

    def __call__(self, retry_state: RetryCallState) -> bool:
        after = _retry_after(retry_state)
        return after is not None and after > self.limit


def _transient(exc: BaseException) -> bool:
    """Retried at once only when the platform said no and nothing of it went out: a
    message that may be on the platform is looked up (a later sweep) before it is resent."""
    return isinstance(exc, DeliveryError) and not (exc.permanent or exc.maybe_sent)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5  # sweeps that may try one message before it is given up
    inline_attempts: int = 8  # tries within one sweep while the platform says "wait briefly"
    max_inline_wait: float = 30.0  # seconds; a longer Retry-After waits for a later sweep
    backoff_base: timedelta = timedelta(minutes=2)
    backoff_cap: timedelta = timedelta(hours=6)

    def inline(self, sleep: Callable[[float], None]) -> Retrying:
        return Retrying(
            sleep=sleep,
            stop=stop_after_attempt(self.inline_attempts)
            | stop_if_retry_after_over(self.max_inline_wait),
            wait=wait_retry_after(wait_exponential(multiplier=0.5, max=self.max_inline_wait)),
            retry=retry_if_exception(_transient),
            reraise=True,
        )

    def next_attempt(self, attempts: int, error: DeliveryError, now: datetime) -> datetime | None:
        """When a later sweep retries after `attempts` failed ones; None: give up."""
        if error.permanent or attempts >= self.max_attempts:
            return None
        state = RetryCallState(Retrying(), None, (), {})
        state.attempt_number = attempts
        exponential = wait_exponential(
            multiplier=self.backoff_base.total_seconds(), max=self.backoff_cap.total_seconds()
        )
        delay = max(exponential(state), error.retry_after or 0.0)
        return now + timedelta(seconds=delay)
