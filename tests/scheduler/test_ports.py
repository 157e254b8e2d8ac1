"""Choosing delivery ports: by the recipient's platform, with graceful fallback when a
platform's package or port is absent."""

from __future__ import annotations

import io
import itertools

from bot.core.messages import Platform, Reply
from bot.core.ports import Recipient, RecipientKind
from bot.frontends.console import ConsoleDelivery
from bot.frontends.registry import delivery_ports
from bot.scheduler.plan import DueItem
from bot.scheduler.sweep import Sweeper, spread
from tests import harness
from tests.harness import BotHarness
from tests.scheduler.helpers import RecordingPort, make_group, sweeper


def test_console_port_prints_the_message() -> None:
    out = io.StringIO()
    port = ConsoleDelivery(out)
    message_id = port.send(Recipient(Platform.CONSOLE, RecipientKind.USER, "ana"), Reply("Hello"))
    assert message_id == "console-1"
    assert "user ana" in out.getvalue() and "Hello" in out.getvalue()


def test_the_registry_builds_one_port_per_configured_platform() -> None:
    ports = delivery_ports(
        harness.make_settings(slack_bot_token="xoxb-test", discord_token="d-test")
    )
    assert isinstance(ports[Platform.CONSOLE], ConsoleDelivery)
    assert set(ports) == {Platform.CONSOLE, Platform.SLACK, Platform.DISCORD}
    assert all(port.platform is platform for platform, port in ports.items())
    assert set(delivery_ports(harness.make_settings())) == {Platform.CONSOLE}


def test_messages_for_a_platform_without_a_port_wait_unclaimed(bot: BotHarness) -> None:
    bot.platform = Platform.SLACK
    make_group(bot, 1, sponsor="U1", deadline_days=5)
    console_only = RecordingPort()
    assert sweeper(bot, console_only).sweep() == []
    with bot.read() as store:
        assert store.deliveries.all() == []
    slack = RecordingPort(platform=Platform.SLACK)
    Sweeper(bot.app.database, bot.app.settings, {Platform.SLACK: slack}, bot.clock).sweep()
    assert sorted(s.kind for s in slack.sent) == ["coverage", "deadline", "nudge", "welcome"]
    assert {s.to.platform for s in slack.sent} == {Platform.SLACK}


def test_spread_never_puts_two_messages_to_one_channel_back_to_back() -> None:
    items = [
        DueItem(kind, g, f"G{g}", f"slack:channel:C{g}", "p")
        for g in range(3)
        for kind in ("deadline", "coverage")
    ]
    ordered = spread(items)
    assert sorted(ordered, key=items.index) == items
    assert all(a.recipient != b.recipient for a, b in itertools.pairwise(ordered))
