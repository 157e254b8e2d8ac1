"""How fast a Discord interaction is acknowledged, against the core alone.

Run by hand: `.venv/bin/python bench/discord_ack.py [N]`. Baseline: N direct
`dispatcher.handle` calls for `/wg status`. Measured: N raw INTERACTION_CREATE payloads for
the same command through discord.py's parsing, the CommandTree, the worker-thread dispatch and
the HTTP callback to a local stand-in of Discord's API (testkit/discord/fake_discord.py). Also
shows that the event loop stays free while a command runs: the loop's worst stall during the
run is printed. Discord's budget for the acknowledgement is 3,000 ms.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build_app
from bot.core.messages import Actor, Invocation, Platform, Where
from bot.settings import Settings
from testkit.discord import fake_discord as fd


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def main(n: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Settings(_env_file=None), database_url=f"sqlite:///{tmp}/bench.sqlite3")
        actor = Actor(Platform.DISCORD, "111", "Ana")
        where = Where(Platform.DISCORD, str(fd.CHANNEL_ID))
        app.dispatcher.handle(Invocation(actor, where, ("wg", "create"), {"name": "BPF Bench"}))

        baseline = []
        for _ in range(n):
            start = time.perf_counter()
            app.dispatcher.handle(Invocation(actor, where, ("wg", "status"), {}))
            baseline.append(time.perf_counter() - start)

        acks: list[float] = []
        stalls: list[float] = []

        async def watch_loop(stop: asyncio.Event) -> None:
            while not stop.is_set():
                start = time.perf_counter()
                await asyncio.sleep(0.001)
                stalls.append(time.perf_counter() - start - 0.001)

        async def scenario(session: fd.Session) -> None:
            stop = asyncio.Event()
            watcher = asyncio.create_task(watch_loop(stop))
            for _ in range(n):
                start = time.perf_counter()
                await session.feed(fd.slash(("wg", "status")))
                acks.append(session.server.callbacks()[-1].at - start)
            stop.set()
            await watcher

        fd.run(app, scenario)
        app.database.dispose()

    base50, base95 = _percentiles(baseline)
    ack50, ack95 = _percentiles(acks)
    print(f"runs: {n} each, SQLite, {time.strftime('%Y-%m-%d')}")
    print(f"core alone (baseline):  p50 {base50 * 1000:7.2f} ms   p95 {base95 * 1000:7.2f} ms")
    print(
        f"Discord ack end to end: p50 {ack50 * 1000:7.2f} ms   p95 {ack95 * 1000:7.2f} ms   "
        f"= {ack50 / base50:.1f}x / {ack95 / base95:.1f}x the baseline"
    )
    print(f"worst event-loop stall while serving: {max(stalls) * 1000:.2f} ms")
    print(f"share of Discord's 3 s budget used at p95: {ack95 / 3.0:.2%}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=200, help="runs of each (200)")
    main(parser.parse_args().runs)
