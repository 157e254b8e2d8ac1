"""Several processes, one database: two `wgbot run --platform slack` processes (each an HTTP
replica with its own scheduler) on one PostgreSQL, with the Web API stand-in on the unlisted
history budget (one call a minute per method, else 429). Signed commands and events go to
both: every message is kept once (also one Slack delivered to both), each due message is
posted once, and the history budget is held across both processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.messages import Platform
from testkit.slack.signed import SECRET, SlackSender
from testkit.slack.stand_in import SlackStandIn
from tests.harness import BotHarness

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def postgres_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes share PostgreSQL (SQLite serves one process)")
    return database_url


def start(database_url: str, api: SlackStandIn, tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WGBOT_"))},
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api.api_url,
        "DATABASE_URL": database_url,
        "WGBOT_SLACK_HISTORY_BUDGET": "unlisted",
        "WGBOT_BACKFILL_DAYS": "30",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "bot", "run", "--platform", "slack"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        command, env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return process, f"http://127.0.0.1:{port}/slack/events"


def ready(sender: SlackSender, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if sender.command("help").status == 200:
                return
        except OSError:
            pass
        assert process.poll() is None, "a bot process ended"
        assert time.monotonic() < deadline, "a bot process did not start"
        time.sleep(0.3)


@pytest.fixture
def api() -> Iterator[SlackStandIn]:
    with SlackStandIn() as stand_in:
        stand_in.paced()  # an unlisted app: one history call a minute per method, 15 a call
        yield stand_in


def said(user: str, text: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel": "C1", "channel_type": "channel", "user": user} | {
        "text": text,
        "ts": ts,
        **extra,
    }


def test_two_replicas_and_two_schedulers_on_one_database(
    postgres_url: str, api: SlackStandIn, tmp_path: Path
) -> None:
    bot = BotHarness(postgres_url)
    bot.clock.now = datetime.now(UTC)
    bot.platform = Platform.SLACK
    bot.channel = "C1"
    bot.say("/wg create BPF Cybersecurity", user="UANA")
    bot.say("/wg join civil society grulac", user="UANA")
    bot.say("/wg sponsor <@USPO>", user="UANA")
    bot.say("/wg deadline in 5 days", user="UANA")
    start_at = time.time() - 86400  # a thread from before the processes started
    api.add("C1", said("UOLD", "Before: shall we adopt BCP 38?", f"{start_at:.6f}"))
    api.add(
        "C1",
        *[
            said(f"U{n}", f"Before: reply {n}.", f"{start_at + n:.6f}", thread_ts=f"{start_at:.6f}")
            for n in range(1, 40)
        ],
    )

    processes = [start(postgres_url, api, tmp_path) for _ in range(2)]
    try:
        senders = [SlackSender(url, api.url) for _process, url in processes]
        for sender, (process, _url) in zip(senders, processes, strict=True):
            ready(sender, process)
        # Messages alternate between the replicas; each is also redelivered to the other.
        now = time.time()
        for n in range(20):
            event = said(f"U{n % 4}", f"Live message {n}.", f"{now + n / 100:.6f}")
            assert senders[n % 2].event(event, event_id=f"EvLive{n}").status == 200
            retry = senders[(n + 1) % 2].event(event, event_id=f"EvLive{n}", retry_num=1)
            assert retry.status == 200
        for sender in senders:
            status = sender.command("status", user="UANA")
            assert status.status == 200
        # One replica backfills the channel (the bot invited), the other reads the old thread
        # for a chair: both want Slack's history at once, and share one budget.
        joined = {"type": "member_joined_channel", "user": "UBOT", "channel": "C1"}
        assert senders[0].event(joined, event_id="EvJoin").status == 200
        link = f"https://igf.slack.com/archives/C1/p{f'{start_at:.6f}'.replace('.', '')}"
        assert senders[1].command(link, command="/summarize", user="UANA").status == 200
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with bot.read() as store:
                live = [
                    m
                    for m in store.record.period("slack", "C1", datetime(2000, 1, 1, tzinfo=UTC))
                    if (m.text or "").startswith("Live message")
                ]
                due = Counter(d.status for d in store.deliveries.all())
            if len(live) == 20 and due and set(due) == {"sent"}:
                break
            time.sleep(0.5)
        assert len(live) == 20 and len({m.message_id for m in live}) == 20  # each kept once
        assert due and set(due) == {"sent"}, due
        keys = [
            str(m["metadata"]["event_payload"]["key"])
            for channel in list(api.posted)
            for m in api.messages_in(channel)
            if m.get("metadata")
        ]
        assert keys and len(keys) == len(set(keys)) == sum(due.values())  # each posted once
        # Both processes' fillers read history; Slack's budget was never exceeded.
        api.wait_for("conversations.history", timeout=30)
        api.wait_for("conversations.replies", timeout=30)
        time.sleep(5)
        assert api.history_calls_per_minute("conversations.history") <= 1
        assert api.history_calls_per_minute("conversations.replies") <= 1
        assert api.refused == 0, "a process called over the budget"
        waiting = api.wait_for(
            "response_url", where=lambda c: "not yet read" in str(c.params.get("text"))
        )
        assert waiting  # the chair is told what is not read yet, and how long it takes
    finally:
        for process, _url in processes:
            process.terminate()
        for process, _url in processes:
            process.wait(timeout=15)
        bot.app.database.dispose()
