"""The poller's loop: backoff while the server is away, back to the interval once it answers,
and nothing lost across the outage (a private dovecot that is stopped and started again)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator

import pytest

from bot.frontends.email.imap import (
    ImapPoller,
    PollReport,
    config_from,
    retry_delay,
    run_loop,
    start_poller,
)
from storage.database import Database
from tests.frontends.email.imap_server import Account, DovecotServer, make_server, need_dovecot
from tests.frontends.email.test_imap_poller import Recorder, message
from tests.harness import make_settings


def test_retry_delay_backs_off_then_holds() -> None:
    assert [retry_delay(n, 60) for n in range(0, 9)] == [60, 5, 10, 20, 40, 80, 160, 300, 300]
    assert retry_delay(50, 3600) == 3600  # never longer than a long interval…
    assert retry_delay(1, 3600) == 5  # …but the first retry is soon


def test_incomplete_settings_say_what_is_missing() -> None:
    with pytest.raises(ValueError, match="WGBOT_IMAP_USER and WGBOT_IMAP_PASSWORD"):
        config_from(make_settings(wgbot_imap_host="imap.example.org"))
    with pytest.raises(ValueError, match="expected ssl, starttls or none"):
        config_from(
            make_settings(
                wgbot_imap_host="imap.example.org",
                wgbot_imap_user="bot",
                wgbot_imap_password="x",
                wgbot_imap_security="tls",
            )
        )
    config = config_from(
        make_settings(
            wgbot_imap_host="IMAP.example.org",
            wgbot_imap_user="bot@example.org",
            wgbot_imap_password="x",
            wgbot_imap_folder="Lists/BPF",
        )
    )
    assert (config.port, config.security) == (993, "ssl")
    assert config.mailbox == "bot@example.org@imap.example.org/Lists/BPF"


@pytest.fixture
def own_dovecot() -> Iterator[DovecotServer]:
    """A dovecot of this test's own, to stop and start again."""
    server = make_server(need_dovecot())
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


def test_the_loop_reconnects_after_the_server_was_away(
    own_dovecot: DovecotServer, database_url: str
) -> None:
    account = own_dovecot.add_account()
    own_dovecot.append(account, [message(n) for n in range(1, 4)])
    database = Database(database_url)
    ingest = Recorder()
    poller = ImapPoller(own_dovecot.config(account, "ssl"), database, ingest, max_bytes=100_000)
    reports: list[tuple[PollReport, float]] = []
    stop = threading.Event()
    polled = threading.Semaphore(0)

    def seen(report: PollReport, delay: float) -> None:
        reports.append((report, delay))
        polled.release()

    def poll() -> PollReport:
        return poller.poll()

    # A short interval so the test does not wait; the backoff's first steps are 5 s, 10 s.
    thread = threading.Thread(target=run_loop, args=(poll, 0.2, stop), kwargs={"on_report": seen})
    thread.start()
    try:
        assert polled.acquire(timeout=30)
        assert reports[0][0].fetched == 3 and reports[0][1] == 0.2
        own_dovecot.stop()
        assert polled.acquire(timeout=30)
        down, delay = reports[-1]
        assert down.error is not None and "cannot connect" in down.error and delay == 5
        own_dovecot.start()
        own_dovecot.append(account, [message(4)])
        assert polled.acquire(timeout=30)  # after the 5 s backoff
        back, delay = reports[-1]
        assert back.error is None and back.fetched == 1 and delay == 0.2
    finally:
        stop.set()
        thread.join(timeout=30)
        database.dispose()
    assert ingest.subjects() == ["Post 1", "Post 2", "Post 3", "Post 4"]


def test_start_poller_only_with_a_complete_mailbox(
    dovecot: DovecotServer, imap_account: Account, database_url: str
) -> None:
    database = Database(database_url)
    ingest = Recorder()
    try:
        assert start_poller(make_settings(), database, ingest) is None
        half = make_settings(wgbot_imap_host="127.0.0.1")
        assert start_poller(half, database, ingest) is None  # said once in the log
        dovecot.append(imap_account, [message(1), message(2)])
        settings = make_settings(
            wgbot_imap_host="127.0.0.1",
            wgbot_imap_port=dovecot.plain_port,
            wgbot_imap_security="none",
            wgbot_imap_user=imap_account.user,
            wgbot_imap_password=imap_account.password,
            wgbot_imap_poll_seconds=5,
        )
        thread = start_poller(settings, database, ingest)
        assert thread is not None
        deadline = time.monotonic() + 30
        while len(ingest.got) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        thread.stop()
        assert ingest.subjects() == ["Post 1", "Post 2"]
    finally:
        database.dispose()
