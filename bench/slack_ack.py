"""Ack latency of the Slack front end in HTTP mode, beside a bare bolt app that only acks.

N signed `/wg status` requests at concurrency C against each server (both bolt on waitress,
both with the Web API on a local stand-in), same run, same machine: the ratio is the figure.
A third server is wgbot with its reply cache off (every request runs the command's queries),
to show what the cache buys; `--profile FILE` writes a pyinstrument profile of the work an
uncached wgbot listener does before its ack.

`--chat-flow` sends signed message events at about 20 a second to the server being measured
while the commands run (half in the group's channel, half in unbound channels), as a channel
that talks does: each message is kept in the record (or, unbound, only its delivery id).

    .venv/bin/python bench/slack_ack.py --requests 1000 --concurrency 20 [--chat-flow]
        [--database-url postgresql+psycopg://…] [--profile ack.html]
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

from bot.app import App, build_app
from bot.config import Settings
from bot.core.messages import Actor, Invocation, Platform, Where
from bot.core.reply_cache import ReplyCache
from bot.frontends.slack.app import build_slack_app
from bot.frontends.slack.blocks import render
from bot.frontends.slack.runtime import SlackRuntime
from bot.frontends.slack.server import HTTP_THREADS, make_http_server
from bot.http_server import stop_http_server
from testkit.slack.signed import SECRET, SlackSender
from testkit.slack.stand_in import SlackStandIn


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


class ChatFlow:
    """Message events at `rate` a second to one server, on a thread, until stopped."""

    def __init__(self, sender: SlackSender, rate: float = 20.0) -> None:
        self.sender, self.interval = sender, 1.0 / rate
        self.sent = self.failed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ChatFlow:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        n = 0
        next_at = time.perf_counter()
        while not self._stop.is_set():
            n += 1
            channel = "C1" if n % 2 else f"C-unbound-{n % 7}"
            event = {
                "type": "message",
                "channel": channel,
                "channel_type": "channel",
                "user": f"U{n % 40:03d}",
                "text": f"Chat message {n}: filtering spoofed traffic at the edge.",
                "ts": f"{time.time():.6f}",
            }
            response = self.sender.event(event, event_id=f"EvFlow{id(self)}-{n}")
            self.sent += 1
            self.failed += response.status != 200
            next_at += self.interval
            self._stop.wait(max(0.0, next_at - time.perf_counter()))


def profile_ack_work(core: App, runtime: SlackRuntime, path: str, rounds: int = 300) -> None:
    """What a wgbot listener does before its ack that a bare one does not (name lookup, the
    core's command, Block Kit), profiled by pyinstrument in this thread (it samples the thread
    that starts it; bolt's own share is the same in both apps)."""
    from pyinstrument import Profiler

    where = Where(Platform.SLACK, "C1")

    def one(i: int) -> None:
        actor = runtime.actor(f"U{i % 50:03d}", "someone")
        render(core.dispatcher.handle(Invocation(actor, where, ("wg", "status"), "")))

    for i in range(20):
        one(i)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    start = time.perf_counter()
    for i in range(rounds):
        one(i)
    elapsed = time.perf_counter() - start
    profiler.stop()
    Path(path).write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    print(f"profile of {rounds} uncached listener runs ({elapsed / rounds * 1000:.2f} ms each)")
    print(f"written to {path}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="servers alternate each round")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument(
        "--chat-flow", action="store_true", help="message events at ~20/s during the load"
    )
    parser.add_argument(
        "--profile", default=None, help="write a pyinstrument profile of the uncached ack work"
    )
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
        uncached_core = build_app(settings, database_url=args.database_url, upgrade=False)
        uncached_core.dispatcher.replies = ReplyCache(size=0)
        uncached, uncached_runtime = build_slack_app(uncached_core)
        bare = BoltApp(
            client=WebClient(token="xoxb-bench", base_url=api.api_url), signing_secret=SECRET
        )

        @bare.command("/wg")
        def ack_only(ack: Ack) -> None:
            ack()

        @bare.event("message")
        def message_ack_only() -> None:
            return None

        runs = (
            ("bare bolt (ack only)", bare),
            ("wgbot /wg status", wgbot),
            ("wgbot, no reply cache", uncached),
        )
        # Rounds alternate the servers, so a neighbour's load on a shared machine falls on
        # all of them alike; the figures are the medians over the rounds.
        rounds: list[dict[str, tuple[float, float, float, int]]] = []
        for _ in range(args.rounds):
            this: dict[str, tuple[float, float, float, int]] = {}
            for name, bolt in runs:
                server, url = serve(bolt)
                sender = SlackSender(url, api.url)
                measure(lambda user, s=sender: s.command("status", user=user), 50, 5)  # warm-up
                flow = ChatFlow(SlackSender(url, api.url)) if args.chat_flow else None
                if flow is not None:
                    flow.__enter__()
                try:
                    latencies, wall, failures = measure(
                        lambda user, s=sender: s.command("status", user=user),
                        args.requests,
                        args.concurrency,
                    )
                finally:
                    if flow is not None:
                        flow.__exit__()
                        failures += flow.failed
                stop_http_server(server)
                this[name] = (
                    percentile(latencies, 0.5) * 1000,
                    percentile(latencies, 0.99) * 1000,
                    len(latencies) / wall,
                    failures,
                )
            rounds.append(this)
        if args.profile:
            profile_ack_work(uncached_core, uncached_runtime, args.profile)

    database = "SQLite" if not args.database_url else "DATABASE_URL"
    chat = ", message events ~20/s (group channel + unbound)" if args.chat_flow else ""
    print(
        f"{args.requests} signed /wg status requests, concurrency {args.concurrency}, "
        f"{database}, waitress {HTTP_THREADS} threads, {args.rounds} rounds{chat}"
    )
    print(f"{'round':6} {'server':24} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'failed':>7}")
    for n, this in enumerate(rounds, start=1):
        for name, (p50, p99, rate, failures) in this.items():
            print(f"{n:<6} {name:24} {p50:8.1f} {p99:8.1f} {rate:8.0f} {failures:7d}")
    medians = {
        name: tuple(statistics.median(r[name][i] for r in rounds) for i in range(3))
        for name, _bolt in runs
    }
    for name, (p50, p99, rate) in medians.items():
        print(f"{'median':6} {name:24} {p50:8.1f} {p99:8.1f} {rate:8.0f}")
    (b50, b99, brate), (w50, w99, wrate), (u50, u99, urate) = medians.values()
    print(
        f"ratio wgbot/bare (medians): p50 ×{w50 / b50:.2f}, p99 ×{w99 / b99:.2f}, "
        f"throughput ×{wrate / brate:.2f}; p99 vs Slack's 3 s limit: {w99 / 3000:.1%}"
    )
    print(
        f"ratio without the reply cache: p50 ×{u50 / b50:.2f}, p99 ×{u99 / b99:.2f}, "
        f"throughput ×{urate / brate:.2f}"
    )
    per_round = [f"×{r['wgbot /wg status'][1] / r['bare bolt (ack only)'][1]:.2f}" for r in rounds]
    print("p99 ratio wgbot/bare per round:", ", ".join(per_round))
    return 0


if __name__ == "__main__":
    sys.exit(main())
