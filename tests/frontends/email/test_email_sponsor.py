"""A sponsor with only an email address (`/wg sponsor alice@example.org`) gets the weekly
nudge by email, exactly once, through the real sweeper and a real SMTP server, on SQLite and
PostgreSQL, also across a restart and a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.messages import Platform
from bot.scheduler.sweep import DEFAULT_LEASE, SENT, Sweeper
from storage.database import Database
from storage.deliveries.models import DeliveryStatus
from tests.frontends.email.answer_helpers import (
    PUBLIC,
    SPONSOR,
    answer_links,
    email_group,
    email_port,
    email_sweeper,
    nudges_to,
)
from tests.frontends.email.html_check import assert_inert_html
from tests.frontends.email.smtp_server import SmtpServer
from tests.harness import BotHarness
from tests.scheduler.helpers import WEEK, RecordingPort

ROOT = Path(__file__).resolve().parents[3]


def test_a_chair_names_a_sponsor_by_address(bot: BotHarness) -> None:
    bot.say("/wg create BPF Cybersecurity", user="chair")
    reply = bot.say("/wg sponsor mailto:alice@EXAMPLE.org", user="chair")
    assert "@alice@example.org is now the MAG sponsor of BPF Cybersecurity" in reply.text
    with bot.read() as store:
        [row] = store.sponsors.of_group(1)
    assert (row.platform, row.user_id) == ("email", SPONSOR)
    assert "alice@example.org" in bot.text("/wg status")


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("alice@localhost", "needs a dot"),
        ("alice@[10.0.0.1]", "one plain address"),
        ('"a b"@example.org', "or write their email address"),
        ("a@b@example.org", "exactly one @"),
    ],
)
def test_a_bad_address_is_refused_and_changes_nothing(
    bot: BotHarness, typed: str, says: str
) -> None:
    bot.say("/wg create BPF Cybersecurity", user="chair")
    before = bot.audit_count()
    reply = bot.say(f"/wg sponsor {typed}", user="chair")
    assert reply.tone.value == "error" and says in reply.text
    assert "\n" not in reply.text
    assert bot.audit_count() == before


def test_addresses_only_name_a_sponsor_where_the_command_says_so(bot: BotHarness) -> None:
    bot.say("/wg create BPF Cybersecurity", user="chair")
    reply = bot.say("/wg chair alice@example.org", user="chair")
    assert reply.tone.value == "error" and "is not a person" in reply.text


def test_the_weekly_nudge_goes_by_email_exactly_once(
    bot: BotHarness, database_url: str, smtp_server: SmtpServer
) -> None:
    group_id = email_group(bot)
    bot.say("/wg ask Introduce us to <b>FIRST</b> @channel", user="vol")
    port = email_port(smtp_server, bot)
    outcomes = email_sweeper(bot, port).sweep()
    [nudge] = [o for o in outcomes if o.kind == "nudge"]
    assert (nudge.recipient, nudge.outcome) == (f"email:user:{SPONSOR}", SENT)
    assert email_sweeper(bot, port).sweep() == []  # a second sweep: nothing again
    [message] = nudges_to(smtp_server)
    assert message["Message-ID"] == nudge.detail  # recorded in the delivery table as sent
    assert message["From"] == "IGF wgbot <wgbot@igf.example>"
    links = answer_links(message)
    rich = message.get_body(("html",))
    assert rich is not None
    text = assert_inert_html(str(rich.get_content()), links=tuple(links.values()))
    assert "#1 Introduce us to <b>FIRST</b> @channel" in text  # an ask, shown as typed
    assert "replying to this email with one word" in text
    assert all(url.startswith(f"{PUBLIC}/email/answer?t=") for url in links.values())
    with bot.read() as store:
        [row] = [d for d in store.deliveries.all() if d.kind == "nudge"]
        assert row.status == DeliveryStatus.SENT.value and row.group_id == group_id

    # A restart (a new process: its own connections to the same database) sends nothing
    # again; the next week, one.
    database = Database(database_url)
    try:
        assert email_sweeper(bot, port, database=database).sweep() == []
        bot.clock.advance(WEEK)
        later = email_sweeper(bot, email_port(smtp_server, bot), database=database).sweep()
        assert [o.kind for o in later if o.kind == "nudge"] == ["nudge"]
        assert len(nudges_to(smtp_server)) == 2
    finally:
        database.dispose()


def test_a_crash_after_the_server_accepted_resends_the_same_message(
    bot: BotHarness, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    """No find_sent over SMTP: a scheduler SIGKILLed after the server's 250 but before the
    delivery row leaves the claim; once its lease runs out the message is sent again, as the
    same message (same Message-ID), and the delivery rows it once."""
    email_group(bot)
    marker = tmp_path / "accepted"
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.frontends.email.sweep_child",
            bot.app.database.url,
            bot.clock().isoformat(),
            str(smtp_server.port),
            str(marker),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the child ended before the server accepted"
            assert time.monotonic() < deadline, "the child never sent"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert len(nudges_to(smtp_server)) == 1
    with bot.read() as store:
        [claim] = [d for d in store.deliveries.all() if d.kind == "nudge"]
        assert claim.status == DeliveryStatus.SENDING.value
    held = email_sweeper(bot, email_port(smtp_server, bot)).sweep()
    assert [o for o in held if o.kind == "nudge"] == []  # its lease still holds
    bot.clock.advance(DEFAULT_LEASE + timedelta(minutes=1))
    outcomes = email_sweeper(bot, email_port(smtp_server, bot)).sweep()
    assert [o.outcome for o in outcomes if o.kind == "nudge"] == [SENT]
    first, again = nudges_to(smtp_server)
    assert first["Message-ID"] == again["Message-ID"]
    assert email_sweeper(bot, email_port(smtp_server, bot)).sweep() == []
    with bot.read() as store:
        statuses = [d.status for d in store.deliveries.all() if d.kind == "nudge"]
    assert statuses == [DeliveryStatus.SENT.value]


def test_a_refused_address_is_given_up_and_reported(
    bot: BotHarness, smtp_server: SmtpServer
) -> None:
    email_group(bot)
    smtp_server.handler.refuse[SPONSOR] = "550 5.1.1 no such user"
    outcomes = email_sweeper(bot, email_port(smtp_server, bot)).sweep()
    [nudge] = [o for o in outcomes if o.kind == "nudge"]
    assert nudge.outcome == "gave-up" and "550" in nudge.detail


def test_without_smtp_email_sponsors_wait_unclaimed(bot: BotHarness) -> None:
    email_group(bot)
    ports = {Platform.CONSOLE: RecordingPort()}
    outcomes = Sweeper(bot.app.database, bot.app.settings, ports, bot.clock).sweep()
    assert [o for o in outcomes if o.kind == "nudge"] == []
    with bot.read() as store:
        assert [d for d in store.deliveries.all() if d.kind == "nudge"] == []
