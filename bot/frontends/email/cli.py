"""`wgbot email status`: per bound list, its group, the posts counted, what was skipped and
why, the last message; per inbound source (LMTP, IMAP mailboxes), its last message, last poll
and last error. One line each, exit 0. `wgbot email poll` (poll_cli.py) and `wgbot email import`
(import_cli.py) are its other actions.

bot/cli.py imports this module for `wgbot --help`: everything heavy is imported inside the
commands (tests/test_startup.py)."""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.frontends.email.import_cli import add_import_action
from bot.frontends.email.poll_cli import add_poll_action

if TYPE_CHECKING:
    from storage.email.models import EmailListStat, EmailSource

# What a list's counters mean: kept in the record (and whose voice), or skipped.
KEPT = ("counted", "non_member")
NO_LIST = "(no bound list)"


_STATUS = "per list: bound group, posts counted, skipped by reason, last message and poll"


def add_status_action(actions: Any) -> None:
    actions.add_parser("status", help=_STATUS).set_defaults(func=cmd_status)


def add_email_parser(sub: Any) -> None:
    """Called with one line from bot/cli.py's build_parser: `wgbot email status` (here),
    `poll` (poll_cli.py) and `import` (import_cli.py)."""
    parser = sub.add_parser("email", help="the email front end: inbound list traffic")
    actions = parser.add_subparsers(dest="email_command", required=True, metavar="ACTION")
    for add in (add_status_action, add_poll_action, add_import_action):
        add(actions)


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
