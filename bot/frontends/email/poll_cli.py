"""`wgbot email poll`: one IMAP poll by hand, or the poller alone with --loop.

Its imports are inside the command: `wgbot --help` loads no imaplib, settings or database."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.frontends.email.imap import Ingest
    from storage.database import Database


def make_ingest(settings: Settings, database: Database) -> Ingest:
    """emailin's ingest over this database: what every inbound source hands its mail to."""
    from bot.frontends.email.inbound import Inbound

    return Inbound(database, settings).ingest


def cmd_poll(args: argparse.Namespace) -> int:
    from bot.frontends.email.command import command_database
    from bot.frontends.email.imap import PollReport, make_poller, run_loop

    with command_database() as (settings, database):
        try:
            poller = make_poller(settings, database, make_ingest(settings, database))
        except ValueError as exc:
            print(f"wgbot email poll: {exc}", file=sys.stderr)
            return 2
        if not args.loop:
            report = poller.poll()
            print(report.line(), flush=True)
            return 1 if report.error else 0

        def show(report: PollReport, delay: float) -> None:
            print(f"{report.line()} (next poll in {delay:.0f} s)", flush=True)

        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        with contextlib.suppress(KeyboardInterrupt):
            run_loop(poller.poll, float(settings.wgbot_imap_poll_seconds), stop, on_report=show)
        return 0


def add_poll_action(actions: Any) -> None:
    """`wgbot email poll` (called from cli.py, which makes `wgbot email`)."""
    poll = actions.add_parser(
        "poll",
        help="read the IMAP mailbox (WGBOT_IMAP_*) once and print what was taken in",
        description="Exit status 1 when the poll stopped on an error (it is also stored for "
        "`wgbot email status`).",
    )
    poll.add_argument(
        "--loop",
        action="store_true",
        help="keep polling every WGBOT_IMAP_POLL_SECONDS (the poller alone, without `wgbot run`)",
    )
    poll.set_defaults(func=cmd_poll)
