"""Exactly once: two schedulers on one database, and a scheduler killed (SIGKILL) between
claiming a message and sending it, then restarted. The wire (what reached the platform) must
hold every due message once: no duplicate, nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.messages import Platform
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import Sweeper
from storage.database import Database
from storage.deliveries.models import DeliveryStatus
from tests.harness import BotHarness
from tests.scheduler.helpers import ReconcilingWirePort, RecordingPort, WireFilePort, make_group

GROUPS = 12  # each: a welcome, a nudge, a deadline reminder and a coverage warning
ROOT = Path(__file__).resolve().parents[2]


def _setup(bot: BotHarness) -> set[str]:
    """Groups with something due; returns the keys of every message due now."""
    for n in range(GROUPS):
        make_group(bot, n, sponsor=f"mag{n % 5}", deadline_days=5)
    keys = {
        "|".join((o.kind, str(gid), o.recipient, o.period))
        for o in _dry(bot)
        for gid in [_gid(bot, o.group)]
    }
    assert len(keys) == 4 * GROUPS
    return keys


def _dry(bot: BotHarness) -> list:  # type: ignore[type-arg]
    return Sweeper(
        bot.app.database, bot.app.settings, {Platform.CONSOLE: RecordingPort()}, bot.clock
    ).sweep(dry_run=True)


def _gid(bot: BotHarness, name: str) -> int:
    with bot.read() as store:
        group = store.groups.by_name(name)
        assert group is not None and group.id is not None
        return group.id


def _statuses(bot: BotHarness) -> Counter[str]:
    with bot.read() as store:
        return Counter(d.status for d in store.deliveries.all())


class SlowPort(RecordingPort):
    """A wire with latency, so the two schedulers interleave."""

    def send(self, to, reply):  # type: ignore[no-untyped-def]
        time.sleep(0.002)
        return super().send(to, reply)


def test_two_schedulers_in_threads_send_each_message_once(bot: BotHarness) -> None:
    expected = _setup(bot)
    port = SlowPort()
    databases = [Database(bot.app.database.url) for _ in range(2)]
    sweepers = [
        Sweeper(db, bot.app.settings, {Platform.CONSOLE: port}, bot.clock, owner=f"t{i}")
        for i, db in enumerate(databases)
    ]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(sweeper: Sweeper) -> None:
        start.wait()
        try:
            sweeper.sweep()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in sweepers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for db in databases:
        db.dispose()
    assert errors == []
    wire = [s.key for s in port.sent]
    assert Counter(wire).most_common(1)[0][1] == 1
    assert set(wire) == expected
    assert _statuses(bot) == Counter({DeliveryStatus.SENT.value: len(expected)})


def _child(url: str, now: str, wire: Path, *flags: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.scheduler.sweep_child", url, now, str(wire), *flags],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_two_scheduler_processes_send_each_message_once(bot: BotHarness, tmp_path: Path) -> None:
    expected = _setup(bot)
    wire, go = tmp_path / "wire", tmp_path / "go"
    url, now = bot.app.database.url, bot.clock().isoformat()
    children = [_child(url, now, wire, "--go", str(go)) for _ in range(2)]
    time.sleep(1.0)  # both processes started and waiting at the start line
    go.touch()
    assert [c.wait(timeout=120) for c in children] == [0, 0]
    lines = WireFilePort(str(wire)).lines()
    assert Counter(lines).most_common(1)[0][1] == 1
    assert set(lines) == expected
    assert _statuses(bot) == Counter({DeliveryStatus.SENT.value: len(expected)})


def _kill_when_blocked(child: subprocess.Popen[bytes], wire: Path) -> None:
    marker = Path(str(wire) + ".blocked")
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, "the child ended before it blocked"
        assert time.monotonic() < deadline, "the child never reached the blocking send"
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


def _restart(bot: BotHarness, wire: Path, after: timedelta, reconcile: bool = False) -> None:
    port = (ReconcilingWirePort if reconcile else WireFilePort)(str(wire))
    bot.clock.advance(after)
    Sweeper(
        bot.app.database,
        bot.app.settings,
        {Platform.CONSOLE: port},
        bot.clock,
        owner="restarted",
        policy=RetryPolicy(max_attempts=3),
    ).sweep()


def test_kill_between_claim_and_send_then_restart(bot: BotHarness, tmp_path: Path) -> None:
    expected = _setup(bot)
    wire = tmp_path / "wire"
    child = _child(bot.app.database.url, bot.clock().isoformat(), wire, "--block-before", "5")
    _kill_when_blocked(child, wire)
    assert len(WireFilePort(str(wire)).lines()) == 4
    assert _statuses(bot) == Counter({"sent": 4, "sending": 1})  # the claim survived the kill

    _restart(bot, wire, timedelta(minutes=1))  # the dead process's lease still runs
    lines = WireFilePort(str(wire)).lines()
    assert Counter(lines).most_common(1)[0][1] == 1
    assert len(lines) == len(expected) - 1
    assert _statuses(bot) == Counter({"sent": len(expected) - 1, "sending": 1})

    _restart(bot, wire, timedelta(minutes=20))  # lease over: the abandoned claim is resumed
    lines = WireFilePort(str(wire)).lines()
    assert Counter(lines).most_common(1)[0][1] == 1
    assert set(lines) == expected
    assert _statuses(bot) == Counter({"sent": len(expected)})


@pytest.mark.parametrize("reconcile", [True, False], ids=["reconciling", "plain"])
def test_kill_after_the_wire_before_recording(
    bot: BotHarness, tmp_path: Path, reconcile: bool
) -> None:
    """The one window a claim cannot close alone: the platform took the message, the process
    died before committing `sent`. A port that can look the message up (reconciling) keeps it
    exactly once; a plain port resends it: at least once, never lost (docs/scheduler.md)."""
    expected = _setup(bot)
    wire = tmp_path / "wire"
    child = _child(bot.app.database.url, bot.clock().isoformat(), wire, "--block-after", "3")
    _kill_when_blocked(child, wire)
    _restart(bot, wire, timedelta(minutes=20), reconcile=reconcile)
    lines = WireFilePort(str(wire)).lines()
    assert set(lines) == expected
    assert len(lines) == len(expected) + (0 if reconcile else 1)
    assert _statuses(bot) == Counter({"sent": len(expected)})
