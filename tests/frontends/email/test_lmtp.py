"""The LMTP endpoint over the real protocol on 127.0.0.1 (smtplib.LMTP against aiosmtpd's
LMTP server): one reply per recipient after DATA, posts end in the group's record and in
`/wg coverage` (SQLite and PostgreSQL), a database failure defers (451) instead of losing
the mail, and `wgbot email status` reports it all."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from bot.frontends.email.cli import status_lines
from bot.frontends.email.inbound import Inbound
from bot.frontends.email.lmtp import LMTPServer
from storage.database import Database, sqlite_url
from tests.frontends.email.mail import LIST, bounce, list_post
from tests.harness import START, BotHarness


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(inbound: Inbound, max_bytes: int = 100_000) -> Iterator[LMTPServer]:
    server = LMTPServer(inbound, "127.0.0.1", free_port(), max_bytes=max_bytes)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def deliver(server: LMTPServer, raw: bytes, recipients: list[str]) -> list[tuple[int, bytes]]:
    """MAIL, RCPT each, DATA, then one reply per recipient (smtplib reads only the first)."""
    with smtplib.LMTP(server.host, server.port) as lmtp:
        lmtp.ehlo_or_helo_if_needed()
        assert lmtp.mail("list-bounces@lists.example.org")[0] == 250
        for rcpt in recipients:
            assert lmtp.rcpt(rcpt)[0] == 250
        replies = [lmtp.data(raw)]
        replies += [lmtp.getreply() for _ in recipients[1:]]
        return replies


def test_posts_delivered_over_lmtp_are_voices_in_coverage(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say(f"/wg list {LIST}")
    bot.say("/wg join government africa", user="kofi")
    with bot.read() as store:
        store.email.link("kofi@gov.example", "console", "kofi", "console:kofi", START)
    inbound = Inbound(bot.app.database, bot.app.settings, bot.clock)
    post = list_post("k1@gov.example", "kofi@gov.example", name="Kofi", at=START)
    with serving(inbound) as server:
        replies = deliver(server, post, ["wgbot@igf.example", "wgbot+bpf@igf.example"])
        assert [code for code, _ in replies] == [250, 250]
        assert b"wgbot+bpf@igf.example" in replies[1][1] and b"counted" in replies[0][1]
        again = deliver(server, post, ["wgbot@igf.example"])  # the MTA retried: once only
        assert b"duplicate" in again[0][1]
        deliver(server, bounce("b1@mx.example.org", START), ["wgbot@igf.example"])
    bot.clock.advance(timedelta(hours=1))
    coverage = bot.text("/wg coverage")
    assert "Voices heard, last 28 days (1 message)" in coverage and "Government" in coverage
    with bot.read() as store:
        lists = [(a, g.name) for a, g in store.email.lists()]
        lines = status_lines(lists, store.email.stats(), store.email.sources())
    assert lines[0].startswith(f"{LIST} → BPF Cybersecurity: 1 posts counted as voices")
    assert "skipped: 1 bounce;" in lines[0] and "last message 2027-01-11 09:00 UTC" in lines[0]
    assert lines[1].startswith("source lmtp: last message 2027-01-11 09:00 UTC, last poll never")


def test_a_database_failure_defers_every_recipient(tmp_path: Path) -> None:
    empty = Database(sqlite_url(tmp_path / "no-tables.sqlite3"))  # never migrated
    inbound = Inbound(empty, Settings(_env_file=None))
    try:
        with serving(inbound) as server:
            raw = list_post("d1@example.org", "ana@example.org", at=START)
            replies = deliver(server, raw, ["a@igf.example", "b@igf.example"])
        assert [code for code, _ in replies] == [451, 451]
    finally:
        empty.dispose()


def test_no_built_in_key_signs_message_ids() -> None:
    """The nudge's Message-ID was an HMAC under a fixed public key of guessable parts; now
    only WGBOT_EMAIL_LINK_SECRET keys it, and the ID alone lets nobody act (replies.py)."""
    import hashlib
    import hmac

    from bot.frontends.email.delivery import EmailDelivery, message_id_for

    key = "nudge|1|alice@example.org|2027-W02"
    old = hmac.new(b"wgbot-message-id", key.encode(), hashlib.sha256).hexdigest()[:32]
    assert old not in message_id_for(key, "igf.example", b"a-real-secret")
    assert old not in message_id_for(key, "igf.example", None)
    assert (EmailDelivery.__init__.__kwdefaults__ or {})["secret"] is None
