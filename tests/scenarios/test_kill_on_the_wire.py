"""The window a claim cannot close alone, closed: a scheduler process sending through Slack's
and Discord's REAL delivery ports (over HTTP to the stand-ins) is killed with SIGKILL after
the platform accepted a message (the stand-in stored it) and before the delivery row was marked
sent. The restarted scheduler looks the message up (Slack message metadata, Discord footer
reference) and does not send it again: every due message is on the platform exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.messages import Platform
from bot.core.ports import DeliveryPort
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.delivery import SlackDelivery
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import Sweeper
from testkit.discord.fake_discord import StandIn, standin_in_thread
from testkit.slack.stand_in import SlackStandIn
from tests.harness import BotHarness, make_settings
from tests.scheduler.platform_child import port_for

ROOT = Path(__file__).resolve().parents[2]
GROUPS = 3  # each: a welcome and a nudge (DMs), a deadline reminder and a coverage warning
MESSAGES = 4 * GROUPS
STALL = 5  # the 5th message is accepted and never answered: the sender dies waiting


def _groups(bot: BotHarness, platform: Platform) -> None:
    bot.platform = platform
    for n in range(GROUPS):
        channel, sponsor = str(700000000000000100 + n), str(444000 + n)
        bot.say(f"/wg create Group {n}", user="1", channel=channel)
        bot.say("/wg join civil society grulac", user="1", channel=channel)
        bot.say(f"/wg sponsor <@{sponsor}>", user="1", channel=channel)
        bot.say("/wg deadline in 5 days", user="1", channel=channel)


def _statuses(bot: BotHarness) -> Counter[str]:
    with bot.read() as store:
        return Counter(d.status for d in store.deliveries.all())


def _kill_child(bot: BotHarness, platform: Platform, api: str, stalled: Any) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.scheduler.platform_child",
            platform.value,
            bot.app.database.url,
            bot.clock().isoformat(),
            api,
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert stalled.wait(120), "the child never got its 5th message accepted"
        assert child.poll() is None, "the child ended before the platform answered"
    finally:
        os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


def _restart(bot: BotHarness, platform: Platform, api: str) -> None:
    port = port_for(platform, api, bot.app.database.url)
    if platform is Platform.SLACK:
        # The lookup's history budget counts the test's seconds, so "a minute later" is one.
        port = _slack_port(bot, api)
    Sweeper(
        bot.app.database,
        bot.app.settings,
        {platform: port},
        bot.clock,
        owner="restarted",
        policy=RetryPolicy(max_attempts=3),
    ).sweep()


def _slack_port(bot: BotHarness, api: str) -> DeliveryPort:
    """Slack's own port, pointed at the stand-in, budgeted as an unlisted app (one history
    call a minute, 15 messages) on the test's clock."""
    settings = make_settings(
        slack_bot_token="xoxb-test", slack_api_url=api, wgbot_slack_history_budget="unlisted"
    )
    client = make_web_client(settings, wait_on_rate_limit=False)
    return SlackDelivery(
        client,
        database=bot.app.database,
        settings=settings,
        clock=lambda: bot.clock().timestamp(),
    )


@pytest.fixture
def slack_wire(bot: BotHarness) -> Iterator[SlackStandIn]:
    with SlackStandIn() as stand_in:
        stand_in.ts_base = lambda: bot.clock().timestamp()  # Slack's clock is the test's
        stand_in.paced()  # one history call a minute, 15 messages a call
        yield stand_in


def _slack_keys(stand_in: SlackStandIn) -> list[str]:
    return [
        str(m["metadata"]["event_payload"]["key"])
        for channel in list(stand_in.posted)
        for m in stand_in.messages_in(channel)
    ]


def test_slack_kill_after_the_platform_accepted(bot: BotHarness, slack_wire: SlackStandIn) -> None:
    _groups(bot, Platform.SLACK)
    slack_wire.stall("chat.postMessage", STALL)
    _kill_child(bot, Platform.SLACK, slack_wire.api_url, slack_wire.stalled)
    assert len(_slack_keys(slack_wire)) == STALL  # Slack has five; the bot recorded four
    assert _statuses(bot) == Counter({"sent": STALL - 1, "sending": 1})

    # Restarted after the lease; Slack's history budget is spent (429): the lookup cannot
    # tell, so the message stays unknown and is NOT sent again; the rest goes out.
    slack_wire.fail("conversations.history", status=429, headers={"Retry-After": "60"})
    bot.clock.advance(timedelta(minutes=20))
    _restart(bot, Platform.SLACK, slack_wire.api_url)
    keys = _slack_keys(slack_wire)
    assert len(keys) == MESSAGES and Counter(keys).most_common(1)[0][1] == 1
    assert _statuses(bot) == Counter({"sent": MESSAGES - 1, "unknown": 1})

    # A minute later the lookup finds it by its metadata: recorded sent, nothing resent.
    bot.clock.advance(timedelta(minutes=2))
    _restart(bot, Platform.SLACK, slack_wire.api_url)
    keys = _slack_keys(slack_wire)
    assert len(keys) == MESSAGES and len(set(keys)) == MESSAGES
    assert _statuses(bot) == Counter({"sent": MESSAGES})
    lookups = slack_wire.calls_to("conversations.history")
    assert all(c.params["include_all_metadata"] in ("1", "true", True) for c in lookups)
    assert all(int(c.params["limit"]) <= 15 for c in lookups)
    with bot.read() as store:
        found = [d for d in store.deliveries.all() if d.attempts > 1]
    assert len(found) == 1 and found[0].message_id  # the ts Slack gave the first post


def _discord_keys(standin: StandIn) -> list[str]:
    return [m["embeds"][0]["footer"]["text"] for m in standin.created()]


def test_discord_kill_after_the_platform_accepted(bot: BotHarness) -> None:
    _groups(bot, Platform.DISCORD)
    with standin_in_thread() as standin:
        standin.clock = bot.clock
        standin.stall_nth = STALL
        _kill_child(bot, Platform.DISCORD, standin.base, standin.stalled)
        assert len(standin.created()) == STALL
        assert _statuses(bot) == Counter({"sent": STALL - 1, "sending": 1})

        bot.clock.advance(timedelta(minutes=20))
        _restart(bot, Platform.DISCORD, standin.base)
        refs = _discord_keys(standin)
        assert len(refs) == MESSAGES and len(set(refs)) == MESSAGES
        assert _statuses(bot) == Counter({"sent": MESSAGES})
        posts = standin.calls("POST", r"^/channels/\d+/messages$")
        assert len(posts) == MESSAGES  # the restart looked (GET), and did not post again
        assert all(p.body["nonce"] and p.body["enforce_nonce"] for p in posts)
        assert standin.calls("GET", r"^/channels/\d+/messages$")
