"""`wgbot email import ARCHIVE --group NAME`: a list's past into the record of the group bound
to it, so a group bound today can summarise last month's discussion.

An mbox (also HyperKitty's .mbox.gz export) or Mailman 2's monthly .txt / .txt.gz is read by
bot/mail/archive.py, every message decoded as live mail is (bot/mail/mime.py) and kept as live
mail is (inbound.said_for: the same ids, so a post that came in live, or in an earlier import,
is never counted twice: the Message-ID is claimed once, in the transaction that keeps it).
The record's own rules decide what is kept (store.record.add_from_history: retention, an
opted-out list, a person who asked to be forgotten). Posts older than the retention period are
not claimed, so a longer period set later lets them in. Unreadable messages are named and the
rest imported; nothing readable at all is an error. Work is done in batches of BATCH posts,
one transaction each: an interrupted import resumes where it stopped when run again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bot.clock import Clock, system_clock
from bot.core.settings import CoreSettings
from bot.domain.list_threads import record_id
from bot.frontends.email.inbound import Outcome, address_key, message_key, said_for
from bot.mail.archive import ArchiveError, Unreadable, looks_like_mbox, raw_messages, read_file
from bot.mail.mime import Post, SkipReason, decode_post
from bot.mail.settings import mail_settings
from bot.mail.threads import thread_id
from storage.database import Database
from storage.record.repo import Said
from storage.store import Store

BATCH = 500
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024  # a decade of a busy list, unzipped


class ArchiveImportError(ValueError):
    """The import cannot start or nothing could be read; one line for people."""


@dataclass
class ImportReport:
    group: str
    address: str
    total: int = 0  # messages in the file
    added: int = 0  # posts new to the record
    known: int = 0  # taken in before (live or by an earlier import)
    too_old: int = 0  # older than the retention period: not kept, not claimed
    skipped: Counter[str] = field(default_factory=Counter)  # bounces, auto-replies, …
    unreadable: list[Unreadable] = field(default_factory=list)

    def lines(self) -> list[str]:
        parts = [
            f"Imported {self.added:,} new posts into {self.group} ({self.address}) "
            f"from {self.total:,} messages",
            f"{self.known:,} already in the record",
        ]
        if self.too_old:
            parts.append(f"{self.too_old:,} older than the retention period (not kept)")
        if self.skipped:
            left = ", ".join(f"{n:,} {r}" for r, n in sorted(self.skipped.items()))
            parts.append(f"left out: {left}")
        if self.unreadable:
            parts.append(f"{len(self.unreadable):,} of {self.total:,} messages could not be read")
        return ["; ".join(parts) + "."]


Progress = Callable[[int, int], None]  # (messages done, messages in the file)


def _bound_list(database: Database, group_name: str) -> tuple[int, str, str]:
    with database.session(readonly=True) as session:
        store = Store(session)
        group = store.groups.by_name(group_name)
        if group is None or group.id is None:
            raise ArchiveImportError(f"no group is named {group_name!r} (`/wg groups` lists them).")
        bound = [address for address, g in store.email.lists() if g.id == group.id]
        if not bound:
            raise ArchiveImportError(
                f"{group.name} is bound to no mailing list: bind it first with "
                "`/wg list ADDRESS`, then import the list's archive."
            )
        return group.id, group.name, bound[0]


def import_archive(
    database: Database,
    settings: CoreSettings,
    path: Path,
    group_name: str,
    *,
    progress: Progress | None = None,
    clock: Clock = system_clock,
) -> ImportReport:
    """Import one archive file into the group's record; ArchiveImportError when it cannot start
    or no message in it could be read."""
    group_id, name, address = _bound_list(database, group_name)
    try:
        data = read_file(path, MAX_ARCHIVE_BYTES)
        if not looks_like_mbox(data):
            raise ArchiveError(
                f"{path}: not an mbox: the first line should be 'From <sender> <date>'."
            )
        messages = list(raw_messages(data))
    except ArchiveError as exc:
        raise ArchiveImportError(str(exc)) from None
    del data
    report = ImportReport(name, address, total=len(messages))
    now = clock()
    keep_after = now - timedelta(days=settings.wgbot_record_days)
    batch: list[tuple[Post, bytes]] = []
    for done, (number, line, raw) in enumerate(messages, start=1):
        result = decode_post(raw, max_bytes=mail_settings(settings).wgbot_email_max_bytes)
        if isinstance(result, Post):
            if result.date < keep_after:
                report.too_old += 1
            else:
                batch.append((result, raw))
        elif result.reason is SkipReason.MALFORMED:
            report.unreadable.append(Unreadable(number, line, result.detail))
        else:
            report.skipped[str(result.reason)] += 1
        if len(batch) >= BATCH or done == len(messages):
            _keep(database, settings, group_id, address, batch, report, now, keep_after)
            batch = []
            if progress is not None:
                progress(done, len(messages))
    if report.unreadable and len(report.unreadable) == report.total:
        first = report.unreadable[0]
        raise ArchiveImportError(f"{path}: no message could be read: {first}.")
    return report


def _keep(
    database: Database,
    settings: CoreSettings,
    group_id: int,
    address: str,
    batch: list[tuple[Post, bytes]],
    report: ImportReport,
    now: datetime,
    keep_after: datetime,
) -> None:
    """One transaction: claim each post's Message-ID, keep the new ones, count them (the
    senders' links and memberships read once a batch, the counters added once a batch)."""
    if not batch:
        return
    with database.session() as session:
        store = Store(session)
        senders = {address_key(post.sender) for post, _ in batch}
        linked = store.email.identities_for(senders)
        members = {
            sender: store.members.get(group_id, *who) is not None for sender, who in linked.items()
        }
        said: dict[int, list[Said]] = {}
        owners = store.list_threads.owners()  # list threads with a group of their own
        counted: Counter[str] = Counter()
        last: dict[str, datetime] = {}
        for post, raw in batch:
            member = members.get(address_key(post.sender), False)
            outcome = Outcome.COUNTED if member else Outcome.NON_MEMBER
            if not store.email.claim_message(message_key(post.message_id, raw), outcome, now):
                report.known += 1
                continue
            counted[outcome] += 1
            last[outcome] = max(last.get(outcome, post.date), post.date)
            owner = owners.get(record_id(thread_id(post)), group_id) if owners else group_id
            kept = said_for(post, address, now, mail_settings(settings).wgbot_list_archive_url)
            said.setdefault(owner, []).append(kept)
        for outcome, n in counted.items():
            store.email.count(address, outcome, last[outcome], n)
        for owner, posts in said.items():
            report.added += store.record.add_from_history(owner, posts, keep_after)


__all__ = ["ArchiveImportError", "ImportReport", "import_archive"]
