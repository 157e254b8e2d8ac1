"""Benchmark of /summarize's map-reduce against a local stand-in with a fixed latency.

    .venv/bin/python bench/summarize.py [--latency 0.3] [--context 32000] [--concurrency 4]

For threads of 100, 1,000 and 5,000 messages it prints: LLM calls (map + reduce, and the
reduce levels), tokens sent ÷ thread tokens (how much the prompts and the reduce stage add to
the discussion itself), and wall time ÷ the ideal, where the ideal is one measured call's time
(the baseline, taken in the same run) × the number of waves: each level's calls in batches of
the concurrency bound. Numbers depend on the machine; ratios are what to compare.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.summarizer.engine import LLMConfig, Summarizer
from bot.summarizer.llm import RetryPolicy
from bot.summarizer.prep import prepare
from bot.summarizer.tokens import estimate
from tests.summarizer.fixtures import discussion
from tests.summarizer.standin import Behaviour, StandIn

SIZES = (100, 1_000, 5_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per call")
    parser.add_argument("--context", type=int, default=32_000, help="context window, tokens")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    with StandIn(
        Behaviour(context_limit=args.context, latency=args.latency, verbose=True)
    ) as server:
        config = LLMConfig(
            api_key="bench",
            base_url=server.base_url,
            model="standin",
            context_tokens=args.context,
            concurrency=args.concurrency,
            policy=RetryPolicy(attempts=3, initial_wait=0.1, timeout=30),
        )
        timings = []
        for _ in range(3):  # the first call also pays for the connection; keep the best
            started = time.perf_counter()
            Summarizer(config).run(discussion(3), group_name="baseline")
            timings.append(time.perf_counter() - started)
        baseline = min(timings)
        print(
            f"stand-in latency {args.latency:.2f} s, context {args.context} tokens, "
            f"concurrency {args.concurrency}; baseline: one call takes {baseline:.3f} s"
        )
        print(
            f"{'messages':>8} {'thread tok':>10} {'calls':>6} {'map':>4} {'reduce':>6} "
            f"{'levels':>6} {'sent÷thread':>11} {'waves':>5} {'wall s':>7} {'wall÷ideal':>10}"
        )
        for size in SIZES:
            messages = discussion(size)
            thread_tokens = sum(estimate(p.line) for p in prepare(messages))
            before = len(server.requests)
            summarizer = Summarizer(config)
            started = time.perf_counter()
            summarizer.run(messages, group_name="BPF Cybersecurity")
            wall = time.perf_counter() - started
            requests = server.requests[before:]
            sent = sum(r.prompt_tokens for r in requests)
            stats = summarizer.stats
            waves = sum(math.ceil(n / args.concurrency) for n in stats.level_calls)
            ideal = waves * baseline
            assert not server.rejected, "a request went over the context limit"
            print(
                f"{size:>8} {thread_tokens:>10} {len(requests):>6} {stats.map_calls:>4} "
                f"{stats.reduce_calls:>6} {stats.reduce_levels:>6} "
                f"{sent / thread_tokens:>11.2f} {waves:>5} {wall:>7.2f} {wall / ideal:>10.2f}"
            )


if __name__ == "__main__":
    main()
