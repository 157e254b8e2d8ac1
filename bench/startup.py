"""How fast `wgbot` starts, against a bare Python started the same way in the same run.

Run by hand: `.venv/bin/python bench/startup.py [N]` (N runs of each, interleaved, default 9).
Baseline: `python -c pass`. Measured: `wgbot --help`; `wgbot console </dev/null` (settings,
database opened and checked at the newest schema, registry built, then EOF); and
`wgbot console` answering one line (`/wg help`), the time to a first answer. Each run is a fresh
process; the database is a SQLite file created (and migrated) once before timing starts.
Wall time and peak memory (max RSS) per process; medians, and each as a ratio of the baseline.
The target is under 0.5 s for `--help` and for the console's start (bare Python: ~0.05 s on an
idle machine); on a loaded machine compare the ratios.
"""

from __future__ import annotations

import os
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
        for _ in range(n):  # interleaved, so a busy moment hits every case alike
            for name, (argv, stdin) in cases.items():
                samples[name].append(run_once(argv, stdin, env))
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
    print(f"first `wgbot console` on a new database (creates and migrates it): {first:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
