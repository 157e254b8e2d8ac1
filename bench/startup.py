"""How fast `wgbot` starts, against a bare Python started the same way in the same run.

Run by hand: `.venv/bin/python bench/startup.py [N]` (N runs of each, interleaved, default 9).
Baseline: `python -c pass`. Measured: `wgbot --help`; `wgbot console </dev/null`; `wgbot
console` answering one piped line (`/wg help`), the time to a first answer; and `wgbot console`
in a terminal (a pseudo-terminal): the time until its prompt shows, and until its answer to
`/wg help` is printed (typed at once, so this is the worst case). Each run is a fresh process;
the database is a SQLite file created (and migrated) once before timing starts.
Wall time and peak memory (max RSS) per process; medians, and each as a ratio of the baseline.
The target is under 0.5 s for `--help` and for the console's start (bare Python: ~0.05 s on an
idle machine); on a loaded machine compare the ratios.
"""

from __future__ import annotations

import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
WGBOT = str(Path(PYTHON).with_name("wgbot"))


def run_once(argv: list[str], stdin: bytes, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(stdin)
    process.stdin.close()
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {errors.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024


def in_terminal(env: dict[str, str]) -> tuple[float, float]:
    """`wgbot console` on a pseudo-terminal: seconds until the prompt, and until the answer
    to `/wg help` typed as soon as the prompt shows."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(
        [WGBOT, "console"], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    seen = b""

    def wait_for(marker: bytes) -> float:
        nonlocal seen
        while marker not in seen:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                process.kill()
                raise SystemExit(f"no {marker!r} from wgbot console: {seen[-300:]!r}")
            seen += os.read(master, 65536)
        return time.perf_counter() - start

    try:
        prompt = wait_for(b"] > ")
        os.write(master, b"/wg help\n")
        answer = wait_for(b"What you can type here")
        os.write(master, b"/quit\n")
        process.wait(timeout=60)
    finally:
        os.close(master)
    return prompt, answer


def main(n: int = 9) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SLACK_", "DISCORD_", "OPENAI_", "DATABASE_"))
        }
        env["WGBOT_DATA_DIR"] = tmp
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        cases = {
            "python -c pass (baseline)": ([PYTHON, "-c", "pass"], b""),
            "wgbot --help": ([WGBOT, "--help"], b""),
            "wgbot console </dev/null": ([WGBOT, "console"], b""),
            "wgbot console, one line": ([WGBOT, "console"], b"/wg help\n"),
        }
        first, _ = run_once([WGBOT, "console"], b"", env)  # creates and migrates the database
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        terminal: list[tuple[float, float]] = []
        for _ in range(n):  # interleaved, so a busy moment hits every case alike
            for name, (argv, stdin) in cases.items():
                samples[name].append(run_once(argv, stdin, env))
            terminal.append(in_terminal(env))
    base_time = statistics.median(s[0] for s in samples["python -c pass (baseline)"])
    base_mem = statistics.median(s[1] for s in samples["python -c pass (baseline)"])
    print(f"runs: {n} of each, interleaved, {time.strftime('%Y-%m-%d')}, Python {sys.version[:6]}")
    print(f"{'':28} {'median':>9} {'ratio':>7} {'max RSS':>9} {'ratio':>6}")
    for name, rows in samples.items():
        wall = statistics.median(r[0] for r in rows)
        mem = statistics.median(r[1] for r in rows)
        print(
            f"{name:28} {wall * 1000:7.0f} ms {wall / base_time:6.1f}x "
            f"{mem:6.0f} MB {mem / base_mem:5.1f}x"
        )
    for index, name in enumerate(("terminal: prompt shown", "terminal: /wg help answered")):
        wall = statistics.median(t[index] for t in terminal)
        print(f"{name:28} {wall * 1000:7.0f} ms {wall / base_time:6.1f}x")
    print(f"first `wgbot console` on a new database (creates and migrates it): {first:.2f} s")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=9, help="runs of each (9)")
    main(parser.parse_args().runs)
