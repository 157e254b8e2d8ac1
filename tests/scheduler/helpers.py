"""Test doubles at the network edge only: delivery ports that record what would have gone
over the wire. Everything between the clock and the port is the real scheduler."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, Recipient
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
        bot.say(f"/wg sponsor <@{sponsor}>", user="chair", channel=channel)
    if deadline_days:
        bot.say(f"/wg deadline in {deadline_days} days", user="chair", channel=channel)
    return channel


WEEK = timedelta(days=7)


class WireFilePort:
    """The wire as an append-only file shared by processes: one line per message that
    reached the platform. `block_before`/`block_after` make the N-th send hang (before or
    after it reaches the wire) so a test can kill the process at that exact point."""

    platform = Platform.CONSOLE

    def __init__(self, path: str, block_before: int = 0, block_after: int = 0) -> None:
        self.path = path
        self.block_before, self.block_after = block_before, block_after
        self.calls = 0

    def _hang(self) -> None:
        with open(self.path + ".blocked", "w") as marker:
            marker.write(str(os.getpid()))
        while True:  # until SIGKILL
            time.sleep(0.05)

    def send(self, to: Recipient, reply: Reply) -> str:
        self.calls += 1
        if self.calls == self.block_before:
            self._hang()
        line = (reply.metadata[DELIVERY_KEY] + "\n").encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line)  # one small O_APPEND write: whole lines, even across processes
        finally:
            os.close(fd)
        if self.calls == self.block_after:
            self._hang()
        return f"w{os.getpid()}-{self.calls}"

    def lines(self) -> list[str]:
        if not os.path.exists(self.path):
            return []
        with open(self.path) as wire:
            return [line.rstrip("\n") for line in wire]


class ReconcilingWirePort(WireFilePort):
    """The same wire, able to tell whether a message already went out (like Slack message
    metadata or a Discord nonce would)."""

    def find_sent(self, to: Recipient, delivery_key: str, since: datetime) -> str | None:
        return "found" if delivery_key in self.lines() else None
