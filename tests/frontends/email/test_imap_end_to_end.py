"""Issue 13's done criterion over a live mailbox: a group bound to its list (`/wg list`), the
300-post list thread and what else a list mailbox receives APPENDed to a real dovecot on
127.0.0.1, polled through the real ingest; `/summarize` in the group drafts it from the
record (offline drafter, no key) with citations that resolve to archived posts; a new
process polls again and counts nothing twice, even when the server renumbers the folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from bot.core.ports import Services
from bot.core.render_text import render_text
from bot.frontends.email.imap import ImapPoller
from bot.frontends.email.inbound import Inbound
from bot.mail.archive import permalink
from storage.record.models import RecordMessage
from testkit.email import corpus
from tests.frontends.email.imap_server import Account, DovecotServer
from tests.harness import BotHarness

ARCHIVE = "https://mail.intgovforum.example/archives/list/bpf-cyber/message/{message_id_hash}/"
ROOT = Path(__file__).resolve().parents[3]


def poll_in_a_new_process(
    dovecot: DovecotServer, account: Account, database_url: str
) -> subprocess.CompletedProcess[str]:
    """`wgbot email poll` as typed: a process of its own, over TLS (STARTTLS)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WGBOT_")}
    env.update(
        DATABASE_URL=database_url,
        WGBOT_IMAP_HOST="127.0.0.1",
        WGBOT_IMAP_PORT=str(dovecot.plain_port),
        WGBOT_IMAP_SECURITY="starttls",
        WGBOT_IMAP_USER=account.user,
        WGBOT_IMAP_PASSWORD=account.password,
        WGBOT_LIST_ARCHIVE_URL=ARCHIVE,
        WGBOT_RECORD_DAYS="3650",
        SSL_CERT_FILE=str(dovecot.ca_file),  # the test CA, for the default TLS context
    )
    command = [sys.executable, "-m", "bot", "email", "poll"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def kept(bot: BotHarness) -> Counter[str]:
    """How often each list post is in the record (each must be there exactly once)."""
    with bot.read() as store:
        ids = store.session.exec(
            select(RecordMessage.message_id).where(RecordMessage.platform == "email")
        ).all()
    return Counter(ids)


def stats(bot: BotHarness) -> Counter[str]:
    """`wgbot email status`'s counters by reason, over the bound list and "(no bound list)"."""
    totals: Counter[str] = Counter()
    with bot.read() as store:
        for row in store.email.stats():
            totals[row.reason] += row.count
    return totals


def test_a_live_list_mailbox_summarised_and_never_counted_twice(
    dovecot: DovecotServer, imap_account: Account, database_url: str
) -> None:
    thread = corpus.list_thread(300)
    extras = corpus.extras()
    bot = BotHarness(database_url, wgbot_list_archive_url=ARCHIVE, wgbot_record_days=3650)
    try:
        bot.clock.now = corpus.START + timedelta(days=30)  # the thread spans ~10 days
        bot.setup_group()  # ana: the chair, in #wg-cyber
        assert bot.say(f"/wg list {corpus.LIST_ADDRESS}").tone.value == "success"
        # The list's mail as it arrived: the thread with the bounces, auto-replies, malformed
        # and oversized mail among it.
        mail = (
            [m.raw for m in thread[:150]] + [m.raw for m in extras] + [m.raw for m in thread[150:]]
        )
        dovecot.append(imap_account, mail)

        inbound = Inbound(bot.app.database, bot.app.settings, bot.clock)
        config = dovecot.config(imap_account, "ssl")
        poller = ImapPoller(config, bot.app.database, inbound.ingest, max_bytes=5_000_000)
        report = poller.poll()
        assert report.error is None and report.failed == 0
        assert report.fetched == len(mail) == report.new
        skipped = Counter(m.kind for m in extras)
        assert {k: report.outcomes[k] for k in skipped} == dict(skipped)
        assert report.outcomes["counted"] + report.outcomes["non_member"] == 300
        assert set(kept(bot).values()) == {1} and len(kept(bot)) == 300
        before = stats(bot)
        assert all(before[k] == n for k, n in skipped.items())

        # /summarize in the bound group: the list's 300 posts, drafted offline, cited.
        reply = bot.say("/summarize 30d", services=Services(progress=lambda _n: None))
        text = render_text(reply)
        assert "Read 300 messages" in text and "offline draft" in text
        archived = {permalink(m.message_id or "", ARCHIVE) for m in thread}
        links = [w for line in text.splitlines() for w in line.split() if w.startswith("https://")]
        assert links and set(links) <= archived, set(links) - archived

        # A restart: a new process, a new poller, the cursor from the database.
        again = poll_in_a_new_process(dovecot, imap_account, database_url)
        assert again.returncode == 0, again.stderr
        assert ": 0 new, 0 read" in again.stdout
        # The server renumbers the folder: everything is read again, nothing counted twice.
        dovecot.set_uidvalidity(imap_account, (report.uidvalidity or 0) + 7)
        reread = poll_in_a_new_process(dovecot, imap_account, database_url)
        assert reread.returncode == 0, reread.stderr
        assert f"{len(mail)} read, {len(mail)} duplicate" in reread.stdout
        assert "UIDVALIDITY changed" in reread.stdout
        assert stats(bot) == before
        assert set(kept(bot).values()) == {1} and len(kept(bot)) == 300
    finally:
        bot.app.database.dispose()
