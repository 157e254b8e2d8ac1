"""A scheduler process for the exactly-once tests: one sweep at a given instant over a
database, sending onto a wire file. Run as `python -m tests.scheduler.sweep_child`."""

from __future__ import annotations

import argparse
import os
import time
from datetime import datetime

from bot.clock import FrozenClock
from bot.core.messages import Platform
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import Sweeper
from storage.database import Database
from tests.harness import make_settings
from tests.scheduler.helpers import ReconcilingWirePort, WireFilePort


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("now")
    parser.add_argument("wire")
    parser.add_argument("--block-before", type=int, default=0)
    parser.add_argument("--block-after", type=int, default=0)
    parser.add_argument("--go", help="wait for this file before sweeping (a start line)")
    parser.add_argument("--reconcile", action="store_true")
    parser.add_argument("--admin", help="WGBOT_ADMIN_CHANNEL (the overlap digest goes there)")
    args = parser.parse_args()
    port_class = ReconcilingWirePort if args.reconcile else WireFilePort
    port = port_class(args.wire, args.block_before, args.block_after)
    database = Database(args.url)
    sweeper = Sweeper(
        database,
        make_settings(wgbot_admin_channel=args.admin),
        {Platform.CONSOLE: port},
        FrozenClock(datetime.fromisoformat(args.now)),
        owner=f"child-{os.getpid()}",
        policy=RetryPolicy(max_attempts=3),
    )
    if args.go:
        while not os.path.exists(args.go):
            time.sleep(0.005)
    sweeper.sweep()
    database.dispose()


if __name__ == "__main__":
    main()
