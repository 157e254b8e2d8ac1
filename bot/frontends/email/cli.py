"""`wgbot email …`, the email front end's command line: `status` (per bound list, its group,
the posts counted, what was skipped and why, the last message; per inbound source (LMTP, IMAP
mailboxes), its last message, last poll and last error: one line each, exit 0), `poll` (one
IMAP poll by hand, or the poller alone with --loop) and `import` (a list's archive into its
group's record, with a progress bar on stderr).

bot/cli.py imports this module for `wgbot --help`: everything heavy (settings, the database,
imaplib) is imported inside the commands (tests/scenarios/test_startup.py)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.frontends.email.imap import Ingest
    from storage.database import Database
    from storage.email.models import EmailListStat, EmailSource

# What a list's counters mean: kept in the record (and whose voice), or skipped.
KEPT = ("counted", "non_member")
NO_LIST = "(no bound list)"


_STATUS = "per list: bound group, posts counted, skipped by reason, last message and poll"


def add_status_action(actions: Any) -> None:
    actions.add_parser("status", help=_STATUS).set_defaults(func=cmd_status)


def _when(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC" if at is not None else "never"


def _counts(items: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{n} {reason}" for reason, n in items)


def status_lines(
    lists: list[tuple[str, str]], stats: list[EmailListStat], sources: list[EmailSource]
) -> list[str]:
    """lists: (address, group name) of every bound list."""
    by_list: dict[str, list[EmailListStat]] = defaultdict(list)
    for row in stats:
        by_list[row.list_address].append(row)
    bound = dict(lists)
    lines = []
    for address in sorted(set(bound) | set(by_list)):
        rows = by_list.get(address, [])
        name = address or NO_LIST
        group = bound.get(address)
        where = f"{name} → {group}" if group else name + ("" if not address else " (unbound)")
        counted = sum(r.count for r in rows if r.reason == "counted")
        others = sum(r.count for r in rows if r.reason == "non_member")
        skipped = _counts((r.reason, r.count) for r in rows if r.reason not in KEPT)
        last = max((r.last_at for r in rows), default=None)
        parts = [where + ":"]
        if address:
            parts.append(f"{counted} posts counted as voices, {others} from non-members;")
        parts.append(f"skipped: {skipped or 'none'};")
        parts.append(f"last message {_when(last)}")
        lines.append(" ".join(parts))
    if not lines:
        lines.append("No mailing list is bound (`/wg list ADDRESS`) and no mail came in.")
    for source in sources:
        error = f"; last error: {source.last_error}" if source.last_error else ""
        lines.append(
            f"source {source.name}: last message {_when(source.last_message_at)}, "
            f"last poll {_when(source.last_poll_at)}{error}"
        )
    return lines


def cmd_status(_args: argparse.Namespace) -> int:
    from bot.app import build_app
    from bot.cli_settings import load_settings
    from storage.store import Store

    app = build_app(load_settings())
    with app.database.session(readonly=True) as session:
        store = Store(session)
        lists = [(address, group.name) for address, group in store.email.lists()]
        lines = status_lines(lists, store.email.stats(), store.email.sources())
    for line in lines:
        print(line)
    return 0


# -- what every command that touches the database starts with --------------------------------


@contextmanager
def command_database() -> Iterator[tuple[Settings, Database]]:
    """The settings, logging, a migrated database, closed again at the end."""
    from bot.app import configure_logging
    from bot.cli_settings import load_settings
    from storage.database import Database

    settings = load_settings()
    configure_logging(settings.wgbot_log_level)
    database = Database(settings.effective_database_url)
    try:
        database.upgrade()
        yield settings, database
    finally:
        database.dispose()


# -- wgbot email poll ---------------------------------------------------------------------------


def make_ingest(settings: Settings, database: Database) -> Ingest:
    """emailin's ingest over this database: what every inbound source hands its mail to."""
    from bot.frontends.email.inbound import Inbound

    return Inbound(database, settings).ingest


def cmd_poll(args: argparse.Namespace) -> int:
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
    """`wgbot email poll` ."""
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


# -- wgbot email import -------------------------------------------------------------------------


BAR = 30


class ProgressBar:
    """`[#########.....]  2,500/5,000 messages` redrawn in place on a terminal; a line per
    tenth on a pipe or a log, so neither fills with carriage returns."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.live = out.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if not self.live and (tenth == self.shown or (done < total and tenth == 0)):
            return
        self.shown = tenth
        filled = done * BAR // max(total, 1)
        line = f"[{'#' * filled}{'.' * (BAR - filled)}] {done:,}/{total:,} messages"
        end = "\n" if not self.live or done == total else ""
        self.out.write(("\r" if self.live else "") + line + end)
        self.out.flush()


def cmd_import(args: argparse.Namespace) -> int:
    from bot.frontends.email.importer import ArchiveImportError, import_archive

    with command_database() as (settings, database):
        try:
            report = import_archive(
                database, settings, Path(args.archive), args.group, progress=ProgressBar(sys.stderr)
            )
        except ArchiveImportError as exc:
            print(f"wgbot email import: {exc}", file=sys.stderr)
            return 2
    for problem in report.unreadable:
        print(f"wgbot email import: {args.archive}: skipped {problem}", file=sys.stderr)
    for line in report.lines():
        print(line, flush=True)
    return 0


_HELP = "fill a list-bound group's record from the list's archive (mbox, Mailman 2 or 3)"
_ABOUT = (
    "Reads an mbox, Mailman 3 HyperKitty's .mbox.gz export or Mailman 2's monthly .txt / "
    ".txt.gz, and keeps each readable post in the record of the group, as if it had come in "
    "by IMAP: a Message-ID already taken in is never counted twice (run it again: it adds "
    "nothing), posts older than WGBOT_RECORD_DAYS and the words of people who opted out or "
    "asked to be forgotten are not kept. Unreadable messages are named on stderr and the rest "
    "imported; exit 2 when nothing could be read."
)


def add_import_action(actions: Any) -> None:
    """`wgbot email import` ."""
    parser = actions.add_parser("import", help=_HELP, description=_ABOUT)
    parser.add_argument("archive", help="the archive file")
    parser.add_argument("--group", required=True, help="the group bound to the list")
    parser.set_defaults(func=cmd_import)


def add_email_parser(sub: Any) -> None:
    """Called with one line from bot/cli.py's build_parser: `wgbot email status`, `poll` and
    `import`."""
    parser = sub.add_parser("email", help="the email front end: inbound list traffic")
    actions = parser.add_subparsers(dest="email_command", required=True, metavar="ACTION")
    for add in (add_status_action, add_poll_action, add_import_action):
        add(actions)
