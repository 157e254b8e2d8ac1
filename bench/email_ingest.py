"""How fast list mail is taken in: a 300-post list thread (half its senders linked members)
and a few skips through `Inbound.ingest`, then over LMTP on 127.0.0.1, then all of it again
(every message a duplicate, as after an IMAP UIDVALIDITY reset).

Run by hand: `.venv/bin/python bench/email_ingest.py [DATABASE_URL]` (default: a temporary
SQLite file; give an empty, migrated PostgreSQL database's URL to measure that). Ingest runs
off any ack path (the LMTP thread, the IMAP poller): these numbers bound how fast a list's
backlog is read, not anyone's wait.
"""

from __future__ import annotations

import smtplib
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build_app
from bot.config import Settings
from bot.frontends.email.inbound import Inbound
from bot.frontends.email.lmtp import LMTPServer
from storage.database import sqlite_url
from storage.groups.models import MemberRole

LIST = "bpf-cyber@lists.example.org"
START = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
POSTS = 300
PEOPLE = 40


def post(n: int) -> bytes:
    """A list post as a mail server hands it over (CRLF line ends)."""
    msg = EmailMessage()
    msg["From"] = f"Person {n % PEOPLE} <p{n % PEOPLE}@example.org>"
    msg["To"] = LIST
    msg["Subject"] = "Re: Scoping the BPF" if n else "Scoping the BPF"
    msg["Date"] = format_datetime(START + timedelta(minutes=n))
    msg["Message-ID"] = f"<post{n}@example.org>"
    msg["List-Id"] = "BPF Cybersecurity <bpf-cyber.lists.example.org>"
    if n:
        msg["In-Reply-To"] = f"<post{n - 1}@example.org>"
        msg["References"] = f"<post0@example.org> <post{n - 1}@example.org>"
    body = f"Point {n}: we should ask the regional CERTs.\n\n> earlier words\n> more\n"
    msg.set_content(body * 5)
    return msg.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rate(count: int, seconds: float) -> str:
    return f"{count} messages in {seconds:.2f} s ({count / seconds:.0f}/s)"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[1] if len(sys.argv) > 1 else sqlite_url(Path(tmp) / "bench.sqlite3")
        app = build_app(Settings(_env_file=None), database_url=url)
        with app.database.session() as session:
            from storage.store import Store

            store = Store(session)
            group = store.groups.create("BPF Cybersecurity", "bpf", "UTC", "bench", START)
            assert group.id is not None
            store.groups.bind(group, "email", LIST, "bench", START)
            for n in range(0, PEOPLE, 2):  # half the people are linked members
                store.email.link(f"p{n}@example.org", "console", f"m{n}", "bench", START)
                store.members.join(
                    group.id,
                    "console",
                    f"m{n}",
                    "",
                    "Civil society",
                    None,
                    MemberRole.MEMBER,
                    "bench",
                    START,
                )
        inbound = Inbound(app.database, app.settings)
        messages = [post(n) for n in range(POSTS)]
        times = []
        start = time.perf_counter()
        for raw in messages[: POSTS // 2]:
            one = time.perf_counter()
            inbound.ingest(raw, source="bench")
            times.append(time.perf_counter() - one)
        print("ingest, direct:", rate(POSTS // 2, time.perf_counter() - start))
        print(f"  median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.0f} ms")
        server = LMTPServer(inbound, "127.0.0.1", free_port(), max_bytes=5_000_000)
        server.start()
        try:
            start = time.perf_counter()
            with smtplib.LMTP("127.0.0.1", server.port) as lmtp:
                for raw in messages[POSTS // 2 :]:
                    lmtp.sendmail("bounces@lists.example.org", ["wgbot@igf.example"], raw)
            print("ingest over LMTP:", rate(POSTS - POSTS // 2, time.perf_counter() - start))
            start = time.perf_counter()
            with smtplib.LMTP("127.0.0.1", server.port) as lmtp:
                for raw in messages:
                    lmtp.sendmail("bounces@lists.example.org", ["wgbot@igf.example"], raw)
            print("re-delivery, all duplicates:", rate(POSTS, time.perf_counter() - start))
        finally:
            server.stop()
        with app.database.session(readonly=True) as session:
            stats = {r.reason: r.count for r in Store(session).email.stats()}
        print("counters:", dict(sorted(stats.items())))
        app.database.dispose()


if __name__ == "__main__":
    main()
