"""`wgbot email import ARCHIVE --group NAME`: a list's archive into its group's record
(importer.py), with a progress bar on stderr. Imports are inside the command, so `wgbot --help`
stays light."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

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
    from bot.frontends.email.command import command_database
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
    """`wgbot email import` (called from cli.py, which makes `wgbot email`)."""
    parser = actions.add_parser("import", help=_HELP, description=_ABOUT)
    parser.add_argument("archive", help="the archive file")
    parser.add_argument("--group", required=True, help="the group bound to the list")
    parser.set_defaults(func=cmd_import)
