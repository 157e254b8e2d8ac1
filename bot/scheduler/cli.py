"""`wgbot scheduler` (the scheduler alone) and `wgbot nudge --now` (one sweep by hand)."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from bot.core.messages import Platform
from bot.core.ports import DeliveryPort

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.settings import CommandSettings

log = logging.getLogger(__name__)


# Builds a process's delivery ports from its settings (bot/frontends/registry.py), handed in
# by bot/cli.py: the scheduler never finds front ends itself. The TextIO is where the console's
# port prints (None: stdout).
PortsFor = Callable[["CommandSettings", TextIO | None], dict[Platform, DeliveryPort]]


def make_sweeper(settings: CommandSettings, ports: Mapping[Platform, DeliveryPort]) -> Any:
    """A sweeper over the configured database and the process's delivery ports."""
    from bot.scheduler.sweep import Sweeper
    from storage.database import Database

    database = Database(settings.effective_database_url)
    database.upgrade()
    return Sweeper(database, settings, dict(ports))


def send_now_queue(app: App, ports: Mapping[Platform, DeliveryPort]) -> Any:
    """A front-end process's send-now queue: its own sweeper over the process's delivery
    ports, sending a group's welcomes on a thread of its own."""
    from bot.scheduler.send_now import SendNowQueue
    from bot.scheduler.sweep import Sweeper

    return SendNowQueue(Sweeper(app.database, app.settings, dict(ports), app.dispatcher.clock))


def console_send_now(app: App, port: DeliveryPort) -> Any:
    """The console's: sends through the console's port on the console's own thread, after the
    reply (`drain`)."""
    from bot.scheduler.send_now import SendNowQueue
    from bot.scheduler.sweep import Sweeper

    ports: dict[Platform, DeliveryPort] = {Platform.CONSOLE: port}
    sweeper = Sweeper(app.database, app.settings, ports, app.dispatcher.clock)
    return SendNowQueue(sweeper, background=False)


def start_in_background(
    settings: CommandSettings, ports: Mapping[Platform, DeliveryPort]
) -> Callable[[], None]:
    """Start the scheduler in this process (for `wgbot run`); returns its stop function."""
    from bot.scheduler.service import build_scheduler

    sweeper = make_sweeper(settings, ports)
    # APScheduler logs every run at INFO; the sweep logs its own one-line summary instead.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    scheduler = build_scheduler(sweeper, settings.wgbot_sweep_minutes)
    scheduler.start()
    log.info("scheduler started (owner %s)", sweeper.owner)

    def stop() -> None:
        scheduler.shutdown(wait=False)
        sweeper.database.dispose()

    return stop


def cmd_scheduler(args: argparse.Namespace) -> int:
    from bot.app import configure_logging

    settings: CommandSettings = args.load_settings()  # every section (bot/cli.py)
    configure_logging(settings.wgbot_log_level)
    stop = start_in_background(settings, args.ports_for(settings, None))
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    with contextlib.suppress(KeyboardInterrupt):
        done.wait()
    stop()
    return 0


def cmd_nudge(args: argparse.Namespace) -> int:
    from bot.app import configure_logging

    if not args.now:
        print("wgbot nudge: pass --now to run one sweep now.", file=sys.stderr)
        return 2
    settings: CommandSettings = args.load_settings()  # every section (bot/cli.py)
    configure_logging(settings.wgbot_log_level)
    # With --json, stdout carries only the JSON lines: the console port prints to stderr.
    ports = args.ports_for(settings, sys.stderr if args.json else None)
    sweeper = make_sweeper(settings, ports)
    try:
        outcomes = sweeper.sweep(dry_run=args.dry_run)
    finally:
        sweeper.database.dispose()
    for o in outcomes:
        if args.json:
            print(json.dumps(o.as_dict(), ensure_ascii=False), flush=True)
        else:
            detail = f" ({o.detail})" if o.detail else ""
            print(f"{o.outcome:<12} {o.kind:<16} {o.group} → {o.recipient}{detail}")
    if not args.json:
        print(f"{len(outcomes)} deliveries" + (" (dry run: nothing sent)" if args.dry_run else ""))
    return 0


def register(sub: Any, ports_for: PortsFor) -> None:
    """Add the scheduler's subcommands to `wgbot` (called from bot.cli.build_parser, which
    hands in how a process builds its delivery ports)."""
    scheduler = sub.add_parser(
        "scheduler",
        help="run the scheduler alone: sponsor nudges, deadline reminders, coverage warnings",
    )
    scheduler.set_defaults(func=cmd_scheduler, ports_for=ports_for)
    nudge = sub.add_parser(
        "nudge",
        help="run one scheduler sweep by hand and print each delivery",
        description="Sends what is due now (nudges, reminders, warnings, retries).",
    )
    nudge.add_argument("--now", action="store_true", help="run the sweep now")
    nudge.add_argument("--dry-run", action="store_true", help="show what is due, send nothing")
    nudge.add_argument(
        "--json",
        action="store_true",
        help="one JSON object a line per delivery: kind, group, recipient, period, outcome",
    )
    nudge.set_defaults(func=cmd_nudge, ports_for=ports_for)
