"""Failed sends: quick retries honouring Retry-After inside a sweep, exponential backoff
across sweeps, then giving up with a report to the admins' channel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.messages import Reply
from bot.core.ports import DeliveryError, Recipient
from bot.core.render_text import render_text
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import GAVE_UP, RETRY_LATER, SENT
from storage.deliveries.models import DeliveryStatus
from tests.harness import BotHarness
from tests.scheduler.helpers import RecordingPort, Sleeps, make_group, sweeper


def _failing(errors: list[DeliveryError | None], kind: str = "deadline"):  # type: ignore[no-untyped-def]
    """Fail the given kind's sends with these errors in turn, then let them through."""

    def fail(_to: Recipient, reply: Reply) -> DeliveryError | None:
        if not reply.metadata["wgbot_delivery"].startswith(kind + "|") or not errors:
            return None
        return errors.pop(0)

    return fail


def _rows(bot: BotHarness, kind: str = "deadline"):  # type: ignore[no-untyped-def]
    with bot.read() as store:
        return [d for d in store.deliveries.all() if d.kind == kind]


def test_short_retry_after_is_honoured_within_the_sweep(bot: BotHarness) -> None:
    make_group(bot, 1, deadline_days=5)
    limited = DeliveryError("429 rate limited", retry_after=1.5)
    port = RecordingPort(fail=_failing([limited, limited]))
    sleeps = Sleeps()
    outcomes = sweeper(bot, port, sleep=sleeps).sweep()
    assert sleeps == [1.5, 1.5]
    assert [o.outcome for o in outcomes if o.kind == "deadline"] == [SENT]
    assert len(port.kinds("deadline")) == 1
    assert _rows(bot)[0].status == DeliveryStatus.SENT.value


def test_long_retry_after_waits_for_a_later_sweep(bot: BotHarness) -> None:
    make_group(bot, 1, deadline_days=5)
    port = RecordingPort(fail=_failing([DeliveryError("429", retry_after=600)]))
    sleeps = Sleeps()
    outcomes = sweeper(bot, port, sleep=sleeps).sweep()
    assert sleeps == []  # not slept through: the sweep moves on
    assert [o.outcome for o in outcomes if o.kind == "deadline"] == [RETRY_LATER]
    row = _rows(bot)[0]
    assert row.status == DeliveryStatus.FAILED.value
    assert row.next_attempt_at == bot.clock() + timedelta(seconds=600)
    bot.clock.advance(timedelta(seconds=599))
    sweeper(bot, port).sweep()
    assert port.kinds("deadline") == []
    bot.clock.advance(timedelta(seconds=2))
    sweeper(bot, port).sweep()
    sweeper(bot, port).sweep()
    assert len(port.kinds("deadline")) == 1
    assert _rows(bot)[0].status == DeliveryStatus.SENT.value


def test_backoff_grows_then_gives_up_and_tells_the_admins(bot: BotHarness) -> None:
    bot = BotHarness(bot.app.database.url, wgbot_admin_channel="mag-admins")
    make_group(bot, 1, deadline_days=5)
    down = DeliveryError("503 service unavailable")
    port = RecordingPort(fail=_failing([down] * 100))
    policy = RetryPolicy(max_attempts=3, inline_attempts=2)
    sleeps = Sleeps()
    waits = []
    for _ in range(3):
        outcomes = sweeper(bot, port, sleep=sleeps, policy=policy).sweep()
        row = _rows(bot)[0]
        if row.next_attempt_at:
            waits.append(row.next_attempt_at - bot.clock())
            bot.clock.advance(row.next_attempt_at - bot.clock())
    assert waits == [timedelta(minutes=2), timedelta(minutes=4)]
    assert sleeps == [0.5, 0.5, 0.5]  # the quick in-sweep retry, once per sweep
    assert [o.outcome for o in outcomes if o.kind == "deadline"] == [GAVE_UP]
    row = _rows(bot)[0]
    assert (row.status, row.attempts) == (DeliveryStatus.DEAD.value, 3)
    reports = port.kinds("delivery_failed")
    assert [s.to.id for s in reports] == ["mag-admins"]
    assert "503 service unavailable" in render_text(reports[0].reply)
    sweeper(bot, port).sweep()
    assert len(port.kinds("delivery_failed")) == 1
    bot.app.database.dispose()


def test_permanent_error_is_not_retried(bot: BotHarness) -> None:
    make_group(bot, 1, deadline_days=5)
    port = RecordingPort(fail=_failing([DeliveryError("channel_not_found", permanent=True)]))
    sleeps = Sleeps()
    outcomes = sweeper(bot, port, sleep=sleeps).sweep()
    assert sleeps == []
    assert [o.outcome for o in outcomes if o.kind == "deadline"] == [GAVE_UP]
    assert _rows(bot)[0].status == DeliveryStatus.DEAD.value
    bot.clock.advance(timedelta(days=1))
    sweeper(bot, port).sweep()
    assert port.kinds("deadline") == []


class Crash(BaseException):
    """Stands in for the process dying inside the send (nothing after it runs)."""


def test_a_message_that_keeps_killing_its_sender_is_given_up(bot: BotHarness) -> None:
    make_group(bot, 1, deadline_days=5)

    def crash(_to: Recipient, reply: Reply) -> DeliveryError | None:
        if reply.metadata["wgbot_delivery"].startswith("deadline|"):
            raise Crash
        return None

    port = RecordingPort(fail=crash)
    attempts = []
    for _ in range(3):
        with pytest.raises(Crash):
            sweeper(bot, port).sweep()
        attempts.append(_rows(bot)[0].attempts)
        bot.clock.advance(timedelta(minutes=16))  # the dead sender's lease runs out
    assert attempts == [0, 1, 2]
    outcomes = sweeper(bot, port).sweep()
    assert [o.outcome for o in outcomes if o.kind == "deadline"] == [GAVE_UP]
    row = _rows(bot)[0]
    assert (row.status, row.attempts) == (DeliveryStatus.DEAD.value, 3)
    assert port.kinds("deadline") == []
