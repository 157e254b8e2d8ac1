"""How fast list mail is taken in: the 300-post corpus thread and its skips through
`Inbound.ingest`, then again over LMTP on 127.0.0.1, then a re-delivery of everything (all
duplicates, as after an IMAP UIDVALIDITY reset).

Run by hand: `.venv/bin/python bench/email_ingest.py [DATABASE_URL]` (default: a temporary
SQLite file; give a PostgreSQL URL to measure that). Ingest runs off any ack path (the LMTP
thread, the IMAP poller): these numbers bound how fast a list's backlog is read, not a wait.
"""

from __future__ import annotations

import smtplib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.frontends.email.inbound import Inbound
from bot.frontends.email.lmtp import LMTPServer
from storage.database import Database, sqlite_url
from storage.models import MemberRole
from tests.email.corpus import LIST_ADDRESS, extras, list_thread
from tests.email.smtp_server import free_port
from tests.harness import BotHarness


def _per_second(count: int, seconds: float) -> str:
    return f"{count} messages in {seconds:.2f} s ({count / seconds:.0f}/s)"


def crlf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as tmp:
        if url is None:
            url = sqlite_url(Path(tmp) / "bench.sqlite3")
            Database(url).upgrade()
        bot = BotHarness(url)
        bot.say("/wg create BPF Cybersecurity")
        bot.say(f"/wg list {LIST_ADDRESS}")
        thread = list_thread()
        senders = sorted({m.sender for m in thread if m.sender})
        with bot.read() as store:
            for n, sender in enumerate(senders[::2]):  # half the senders are linked members
                store.email.link(sender.lower(), "console", f"m{n}", "bench", bot.clock())
                store.members.join(
                    1,
                    "console",
                    f"m{n}",
                    "",
                    "Civil society",
                    None,
                    MemberRole.MEMBER,
                    "bench",
                    bot.clock(),
                )
        inbound = Inbound(bot.app.database, bot.app.settings, bot.clock)
        # As a mail server hands them over: CRLF line ends (the corpus is written with LF).
        messages = [crlf(m.raw) for m in [*thread, *extras()]]
        times = []
        start = time.perf_counter()
        for raw in messages[:150]:
            one = time.perf_counter()
            inbound.ingest(raw, source="bench")
            times.append(time.perf_counter() - one)
        direct = time.perf_counter() - start
        print("ingest, direct:", _per_second(150, direct))
        print(f"  median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.0f} ms")
        server = LMTPServer(inbound, f"127.0.0.1:{free_port()}", max_bytes=5_000_000)
        server.start()
        rest = messages[150:]
        start = time.perf_counter()
        with smtplib.LMTP("127.0.0.1", server.port) as lmtp:
            for raw in rest:
                lmtp.sendmail("bounces@lists.example", ["wgbot@igf.example"], raw)
        print("ingest over LMTP:", _per_second(len(rest), time.perf_counter() - start))
        start = time.perf_counter()
        with smtplib.LMTP("127.0.0.1", server.port) as lmtp:
            for raw in messages:
                lmtp.sendmail("bounces@lists.example", ["wgbot@igf.example"], raw)
        print(
            "re-delivery (all duplicates):", _per_second(len(messages), time.perf_counter() - start)
        )
        server.stop()
        with bot.read() as store:
            stats = {r.reason: r.count for r in store.email.stats()}
        print("counters:", dict(sorted(stats.items())))
        bot.app.database.dispose()


if __name__ == "__main__":
    main()
