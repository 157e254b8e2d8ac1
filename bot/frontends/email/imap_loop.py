"""The IMAP poller's loop: a plain daemon thread that polls every WGBOT_IMAP_POLL_SECONDS and,
while the server cannot be reached, retries sooner first and then ever more slowly.

A plain thread rather than an APScheduler job (bot/scheduler/service.py): the next poll's
delay depends on how the last one went (backoff after a failure, the interval after a
success), which an interval trigger cannot express without rescheduling itself; a poll
never overlaps the next one by construction; and `stop()` ends the loop between polls.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.frontends.email.imap import ImapPoller, Ingest, PollReport
from bot.frontends.email.imap_client import ImapConfig

if TYPE_CHECKING:
    from bot.config import Settings
    from storage.database import Database

log = logging.getLogger(__name__)

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
    """The poller in a daemon thread of `wgbot run` (started by the email service beside the
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
