"""Ack latency of the Slack front end in HTTP mode, beside a bare bolt app that only acks.

N signed `/wg status` requests at concurrency C against each server (both bolt on waitress,
both with the Web API on a local stand-in), same run, same machine: the ratio is the figure.

    .venv/bin/python bench/slack_ack.py --requests 1000 --concurrency 20
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slack_bolt import Ack
from slack_bolt import App as BoltApp
from slack_sdk import WebClient

from bot.app import build_app
from bot.config import Settings
from bot.core.messages import Actor, Platform, Where
from bot.frontends.slack.app import build_slack_app
from bot.frontends.slack.server import HTTP_THREADS, make_http_server, stop_http_server
from tests.slack.signed import SECRET, SlackSender
from tests.slack.stand_in import SlackStandIn


def serve(bolt: BoltApp) -> tuple[Any, str]:
    server = make_http_server(bolt, "127.0.0.1", 0)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}/slack/events"


def measure(
    send: Callable[[str], Any], requests: int, concurrency: int
) -> tuple[list[float], float, int]:
    """Latencies (s), wall time (s), failures."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def one(i: int) -> None:
        nonlocal failures
        response = send(f"U{i % 50:03d}")
        with lock:
            if response.status == 200:
                latencies.append(response.elapsed)
            else:
                failures += 1

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    return latencies, time.perf_counter() - start, failures


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" notes

    with SlackStandIn() as api, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            slack_bot_token="xoxb-bench",
            slack_signing_secret=SECRET,
            slack_api_url=api.api_url,
            wgbot_data_dir=Path(tmp),
        )
        core = build_app(settings, database_url=args.database_url)
        chair = Actor(Platform.SLACK, "U000", "Chair")
        where = Where(Platform.SLACK, "C1")
        core.dispatcher.handle_line(chair, where, "/wg create BPF Bench")
        core.dispatcher.handle_line(chair, where, "/wg join cs grulac")

        wgbot, _runtime = build_slack_app(core)
        bare = BoltApp(
            client=WebClient(token="xoxb-bench", base_url=api.api_url), signing_secret=SECRET
        )

        @bare.command("/wg")
        def ack_only(ack: Ack) -> None:
            ack()

        results = {}
        for name, bolt in (("bare bolt (ack only)", bare), ("wgbot /wg status", wgbot)):
            server, url = serve(bolt)
            sender = SlackSender(url, api.url)
            measure(lambda user, s=sender: s.command("status", user=user), 50, 5)  # warm-up
            latencies, wall, failures = measure(
                lambda user, s=sender: s.command("status", user=user),
                args.requests,
                args.concurrency,
            )
            stop_http_server(server)
            results[name] = (latencies, wall, failures)

    print(
        f"{args.requests} signed /wg status requests, concurrency {args.concurrency}, "
        f"{'SQLite' if not args.database_url else 'DATABASE_URL'}, waitress {HTTP_THREADS} threads"
    )
    print(f"{'server':24} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'failed':>7}")
    summary = {}
    for name, (latencies, wall, failures) in results.items():
        p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
        rate = len(latencies) / wall
        summary[name] = (p50, p99, rate)
        print(f"{name:24} {p50:8.1f} {p99:8.1f} {rate:8.0f} {failures:7d}")
    (b50, b99, brate), (w50, w99, wrate) = summary.values()
    print(
        f"ratio wgbot/bare: p50 ×{w50 / b50:.2f}, p99 ×{w99 / b99:.2f}, "
        f"throughput ×{wrate / brate:.2f}; p99 vs Slack's 3 s limit: {w99 / 3000:.1%}"
    )
    print(
        "mean latencies (ms):",
        {k: round(statistics.mean(v[0]) * 1000, 1) for k, v in results.items()},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
