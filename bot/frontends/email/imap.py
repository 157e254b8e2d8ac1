"""The IMAP poller: reads a list's mail from the mailbox the bot subscribed with, and hands
each new message to the inbound ingest (bot/frontends/email/inbound.py).

Where it stands is a cursor in the database (storage/email/imap.py): the mailbox's
UIDVALIDITY and the last UID whose message was ingested. The cursor moves only after the
ingest committed, so a crash between the two reads a message again (Message-ID dedupe in the
ingest keeps it from counting twice) rather than losing it. A changed UIDVALIDITY means the
server renumbered the folder: the poller reads it again from the start, again safely.

One bad message never stops it: whatever the ingest raises for one message is logged and the
message passed over (the ingest itself counts malformed mail, bounces and auto-replies as
skips). Only a database that cannot be written stops a poll, before the cursor moves.

The loop is a plain daemon thread that polls every WGBOT_IMAP_POLL_SECONDS and, while the
server cannot be reached, retries sooner first and then ever more slowly: not an APScheduler
job (bot/scheduler/service.py), because the next poll's delay depends on how the last one went
(backoff after a failure, the interval after a success), which an interval trigger cannot
express without rescheduling itself; a poll never overlaps the next one by construction; and
`stop()` ends the loop between polls. `wgbot email poll` (cli.py) runs the same loop in
the foreground. The IMAP wire itself (connect, TLS, UID SEARCH/FETCH) is imap_client.py.
"""

from __future__ import annotations

import imaplib
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from bot.frontends.email.imap_client import Fetched, ImapConfig, ImapError, ImapSession
from storage.database import Database
from storage.email.imap import DATABASE_DOWN, ImapRepo

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

BATCH_MESSAGES = 100  # messages per UID FETCH
BATCH_BYTES = 16_000_000  # and at most about this many bytes held at once
CONNECTION_LOST = (ImapError, imaplib.IMAP4.error, OSError)


class Ingest(Protocol):
    """emailin's `ingest(raw, source=...)`: decode, route, dedupe, record; commits itself."""

    def __call__(self, raw: bytes, *, source: str) -> object: ...


@dataclass
class PollReport:
    """What one poll did, for the log line, `wgbot email poll` and the tests."""

    mailbox: str
    uidvalidity: int | None = None
    restarted: bool = False  # UIDVALIDITY changed: the folder was read again from the start
    new: int = 0  # UIDs above the cursor when the poll began
    fetched: int = 0
    failed: int = 0  # the ingest raised on these; logged and passed over
    outcomes: Counter[str] = field(default_factory=Counter)
    last_uid: int = 0
    error: str | None = None

    def line(self) -> str:
        head = f"{self.mailbox}"
        if self.uidvalidity is not None:
            head += f" (UIDVALIDITY {self.uidvalidity})"
        parts = [f"{self.new} new", f"{self.fetched} read"]
        parts += [f"{n} {label}" for label, n in sorted(self.outcomes.items())]
        if self.failed:
            parts.append(f"{self.failed} failed")
        text = f"{head}: " + ", ".join(parts)
        if self.uidvalidity is not None:
            text += f"; cursor at UID {self.last_uid}"
        if self.restarted:
            text += " (UIDVALIDITY changed: read again from the start)"
        if self.error:
            text += f"; stopped: {self.error}"
        return text


def outcome_label(result: object) -> str:
    """The ingest's verdict on one message as a counter key (its `outcome`, else `reason`)."""
    for name in ("outcome", "reason", "status"):
        value = getattr(result, name, None)
        if value:
            return str(getattr(value, "value", value))
    return "ingested"


class ImapPoller:
    """Polls one mailbox; `poll()` never raises for the mailbox's or a message's sake."""

    def __init__(
        self,
        config: ImapConfig,
        database: Database,
        ingest: Ingest,
        *,
        max_bytes: int,
        batch_messages: int = BATCH_MESSAGES,
        batch_bytes: int = BATCH_BYTES,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.config = config
        self.database = database
        self.ingest = ingest
        self.limit = max_bytes + 1  # one byte more than allowed: the decoder sees "too big"
        self.batch_messages = batch_messages
        self.batch_bytes = batch_bytes
        self.now = now

    def poll(self) -> PollReport:
        report = PollReport(self.config.mailbox)
        try:
            self._poll(report)
        except CONNECTION_LOST as exc:
            report.error = _one_line(exc)
        except DATABASE_DOWN as exc:
            report.error = "database: " + _one_line(exc)
        try:
            with self.database.session() as session:
                ImapRepo(session).record_poll(self.config.source, self.now(), report.error)
        except DATABASE_DOWN as exc:
            log.warning("imap: could not store the poll's outcome: %s", _one_line(exc))
        # An empty poll every WGBOT_IMAP_POLL_SECONDS is not news: debug only.
        level = logging.WARNING if report.error else logging.INFO if report.new else logging.DEBUG
        log.log(level, "imap: %s", report.line())
        return report

    def _poll(self, report: PollReport) -> None:
        mailbox, source = self.config.mailbox, self.config.source
        with ImapSession(self.config) as imap:
            uidvalidity = imap.examine()
            report.uidvalidity = uidvalidity
            with self.database.session() as session:
                repo = ImapRepo(session)
                cursor = repo.cursor(source)
                last_uid = cursor.last_uid or 0
                if cursor.uidvalidity != uidvalidity:
                    if cursor.uidvalidity is not None:
                        report.restarted = True
                        log.warning(
                            "imap: %s UIDVALIDITY %s → %s: reading the folder again",
                            mailbox,
                            cursor.uidvalidity,
                            uidvalidity,
                        )
                    repo.restart(source, uidvalidity)
                    last_uid = 0
            report.last_uid = last_uid
            sizes = imap.sizes_after(last_uid)
            report.new = len(sizes)
            for batch in self._batches(sizes):
                self._read_batch(imap, uidvalidity, batch, report)

    def _batches(self, sizes: dict[int, int]) -> Iterator[list[int]]:
        """UIDs in ascending order, cut so that one FETCH holds a bounded number of bytes."""
        batch: list[int] = []
        held = 0
        for uid in sorted(sizes):
            cost = min(sizes[uid], self.limit)
            if batch and (len(batch) >= self.batch_messages or held + cost > self.batch_bytes):
                yield batch
                batch, held = [], 0
            batch.append(uid)
            held += cost
        if batch:
            yield batch

    def _read_batch(
        self, imap: ImapSession, uidvalidity: int, batch: Sequence[int], report: PollReport
    ) -> None:
        done = 0
        try:
            for message in imap.fetch(batch, limit=self.limit):
                self._ingest_one(message, uidvalidity, report)
                done = message.uid
            done = batch[-1]  # UIDs the server did not return were expunged meanwhile
        finally:
            if done:
                with self.database.session() as session:
                    ImapRepo(session).advance(self.config.source, uidvalidity, done)
                report.last_uid = max(report.last_uid, done)

    def _ingest_one(self, message: Fetched, uidvalidity: int, report: PollReport) -> None:
        report.fetched += 1
        try:
            result = self.ingest(message.raw, source=self.config.source)
        except DATABASE_DOWN:
            raise
        except Exception:
            # A bug or a message nobody foresaw: logged with where it is, never a stop.
            report.failed += 1
            log.exception(
                "imap: %s UIDVALIDITY %s UID %s could not be ingested; passed over",
                self.config.mailbox,
                uidvalidity,
                message.uid,
            )
            return
        report.outcomes[outcome_label(result)] += 1


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).replace("\x00", "").split())
    return text or type(exc).__name__


# -- the loop ---------------------------------------------------------------------------------

FIRST_RETRY = 5.0  # seconds after the first failure; doubled after each further one
LONGEST_RETRY = 300.0  # unless the poll interval itself is longer


def retry_delay(failures: int, every: float) -> float:
    """How long to wait after `failures` failed polls in a row (0: a success → the interval).
    5 s, 10 s, 20 s … up to five minutes (or the interval, if that is longer)."""
    if failures <= 0:
        return every
    backoff: float = FIRST_RETRY * 2.0 ** min(failures - 1, 30)
    return min(backoff, max(every, LONGEST_RETRY))


def config_from(settings: Settings) -> ImapConfig:
    """The mailbox named by WGBOT_IMAP_*; a one-line ValueError when it is incomplete."""
    if not settings.wgbot_imap_host:
        raise ValueError("WGBOT_IMAP_HOST is not set: no mailbox to poll")
    if not settings.wgbot_imap_user or settings.wgbot_imap_password is None:
        raise ValueError("WGBOT_IMAP_USER and WGBOT_IMAP_PASSWORD must be set with WGBOT_IMAP_HOST")
    return ImapConfig(
        host=settings.wgbot_imap_host,
        port=settings.wgbot_imap_port,
        user=settings.wgbot_imap_user,
        password=settings.wgbot_imap_password.get_secret_value(),
        folder=settings.wgbot_imap_folder,
        security=settings.wgbot_imap_security.strip().lower(),
    )


def make_poller(settings: Settings, database: Database, ingest: Ingest) -> ImapPoller:
    return ImapPoller(
        config_from(settings), database, ingest, max_bytes=settings.wgbot_email_max_bytes
    )


def start_poller(settings: Settings, database: Database, ingest: Ingest) -> PollerThread | None:
    """Poll in the background when WGBOT_IMAP_HOST is set; a mailbox configured wrongly is
    said once in the log, and everything else runs on."""
    if not settings.wgbot_imap_host:
        return None
    try:
        poller = make_poller(settings, database, ingest)
    except ValueError as exc:
        log.error("imap: not polling: %s", exc)
        return None
    thread = PollerThread(poller, float(settings.wgbot_imap_poll_seconds))
    thread.start()
    return thread


def run_loop(
    poll: Callable[[], PollReport],
    every: float,
    stop: threading.Event,
    *,
    on_report: Callable[[PollReport, float], None] | None = None,
) -> None:
    """Poll until `stop` is set: the interval after a success, the backoff after a failure."""
    failures = 0
    while not stop.is_set():
        try:
            report = poll()
        except Exception:  # ImapPoller.poll does not raise; anything else is a bug, logged
            log.exception("imap: the poll failed unexpectedly")
            failures += 1
        else:
            failures = failures + 1 if report.error else 0
            delay = retry_delay(failures, every)
            if on_report is not None:
                on_report(report, delay)
            if report.error:
                log.warning("imap: next attempt in %.0f s", delay)
        stop.wait(retry_delay(failures, every))


class PollerThread:
    """The poller in a daemon thread of `wgbot run` (started by background.py beside the
    LMTP endpoint); `stop()` ends it between two polls."""

    def __init__(self, poller: ImapPoller, every: float) -> None:
        self.poller = poller
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=run_loop, args=(poller.poll, every, self._stop), name="wgbot-imap", daemon=True
        )

    def start(self) -> None:
        self._thread.start()
        log.info("imap: polling %s every %.0f s", self.poller.config.mailbox, self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)
