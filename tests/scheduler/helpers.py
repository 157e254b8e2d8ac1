"""Test doubles at the network edge only: delivery ports that record what would have gone
over the wire. Everything between the clock and the port is the real scheduler."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, Recipient
from bot.scheduler.ports import DELIVERY_KEY
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import Sweeper
from tests.harness import BotHarness


@dataclass
class Sent:
    to: Recipient
    reply: Reply

    @property
    def key(self) -> str:
        return self.reply.metadata[DELIVERY_KEY]

    @property
    def kind(self) -> str:
        return self.key.split("|")[0]


@dataclass
class RecordingPort:
    """The wire: every message that reached the platform, in order (thread-safe)."""

    platform: Platform = Platform.CONSOLE
    sent: list[Sent] = field(default_factory=list)
    fail: Callable[[Recipient, Reply], DeliveryError | None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, to: Recipient, reply: Reply) -> str:
        error = self.fail(to, reply) if self.fail else None
        if error is not None:
            raise error
        with self._lock:
            self.sent.append(Sent(to, reply))
            return f"m{len(self.sent)}"

    def kinds(self, kind: str) -> list[Sent]:
        return [s for s in self.sent if s.kind == kind]


class Sleeps(list[float]):
    """An injectable sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def sweeper(bot: BotHarness, port: Any, **options: Any) -> Sweeper:
    options.setdefault("sleep", Sleeps())
    options.setdefault("policy", RetryPolicy(max_attempts=3))
    return Sweeper(
        bot.app.database, bot.app.settings, {Platform.CONSOLE: port}, bot.clock, **options
    )


def make_group(
    bot: BotHarness, n: int, *, sponsor: str | None = None, deadline_days: int = 0
) -> str:
    """A group bound to its own channel, with a sponsor and a deadline; returns the channel."""
    channel = f"wg-{n}"
    bot.say(f"/wg create Group {n}", user="chair", channel=channel)
    bot.say("/wg join civil society grulac", user="chair", channel=channel)
    if sponsor:
        bot.say(f"/wg sponsor @{sponsor}", user="chair", channel=channel)
    if deadline_days:
        bot.say(f"/wg deadline in {deadline_days} days", user="chair", channel=channel)
    return channel


WEEK = timedelta(days=7)
