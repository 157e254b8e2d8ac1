"""Benchmark of /summarize's map-reduce against a local stand-in with a fixed latency.

    .venv/bin/python bench/summarize.py [--latency 0.3] [--context 8000 32000 128000]
                                        [--concurrency 4] [--model gpt-4o-mini] [--sizes …]

The stand-in counts tokens as the real model does (its tiktoken encoding; one token per byte
for a model we know no tokenizer of) and refuses any request over its context. For threads of
100, 1,000 and 5,000 messages and each context it prints: LLM calls (map + reduce, and the
reduce levels), tokens sent ÷ thread tokens (what the prompts and the reduce stage add to the
discussion itself, both counted by the model's tokenizer), requests refused as over the
context, whether every message was sent exactly once, and wall time ÷ the ideal, where the
ideal is one measured call's time (the baseline, taken in the same run) × the number of
waves: each level's calls in batches of the concurrency bound. Numbers depend on the machine;
ratios are what to compare. `--baseline` also runs each thread with the client counting by
the byte upper bound (how every model was counted before the real tokenizers), against the
same server: the row marked "bytes".
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.summarizer.engine import LLMConfig, Summarizer
from bot.summarizer.llm import RetryPolicy
from bot.summarizer.prep import prepare
from bot.summarizer.tokens import ByteEstimate, counter_for, register
from testkit.summarizer.fixtures import discussion
from testkit.summarizer.standin import Behaviour, StandIn

SIZES = (100, 1_000, 5_000)


def run(args: argparse.Namespace, context: int) -> None:
    counter = counter_for(args.model)
    tokenizer = counter.name if counter.exact else None
    client_counts = ["model"] + (["bytes"] if args.baseline and counter.exact else [])
    behaviour = Behaviour(
        context_limit=context, latency=args.latency, verbose=True, tokenizer=tokenizer
    )
    with StandIn(behaviour) as server:
        config = LLMConfig(
            api_key="bench",
            base_url=server.base_url,
            model=args.model,
            context_tokens=context,
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
            f"\ncontext {context} tokens, model {args.model} (tokens: {counter.name}), "
            f"latency {args.latency:.2f} s, concurrency {args.concurrency}; "
            f"baseline: one call takes {baseline:.3f} s"
        )
        print(
            f"{'client':>6} {'messages':>8} {'thread tok':>10} {'calls':>6} {'map':>4} "
            f"{'reduce':>6} {'levels':>6} {'sent÷thread':>11} {'over ctx':>8} {'each once':>9} "
            f"{'waves':>5} {'wall s':>7} {'wall÷ideal':>10}"
        )
        for size, how in ((size, how) for size in args.sizes for how in client_counts):
            by_bytes = how == "bytes"
            remove = register(lambda _m, b=by_bytes: b, lambda _m: ByteEstimate())
            messages = discussion(size)
            items = prepare(messages)
            thread_tokens = sum(counter.count(p.line) for p in items)
            before = len(server.requests)
            summarizer = Summarizer(config)
            started = time.perf_counter()
            summarizer.run(messages, group_name="BPF Cybersecurity")
            wall = time.perf_counter() - started
            remove()
            requests = server.requests[before:]
            sent = sum(r.prompt_tokens for r in requests)
            seen = Counter(cid for r in requests if r.stage == "map" for cid in r.message_ids)
            once = set(seen) == {p.cid for p in items} and set(seen.values()) == {1}
            stats = summarizer.stats
            waves = sum(math.ceil(n / args.concurrency) for n in stats.level_calls)
            ideal = waves * baseline
            print(
                f"{how:>6} {size:>8} {thread_tokens:>10} {len(requests):>6} {stats.map_calls:>4} "
                f"{stats.reduce_calls:>6} {stats.reduce_levels:>6} "
                f"{sent / thread_tokens:>11.2f} {len(server.rejected):>8} "
                f"{'yes' if once else 'NO':>9} {waves:>5} {wall:>7.2f} {wall / ideal:>10.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per call")
    parser.add_argument(
        "--context", type=int, nargs="+", default=[8_000, 32_000, 128_000], help="tokens"
    )
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--model", default="gpt-4o-mini", help="decides the tokenizer")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--baseline", action="store_true", help="also count by bytes in the client (the old way)"
    )
    args = parser.parse_args()
    for context in args.context:
        run(args, context)


if __name__ == "__main__":
    main()
