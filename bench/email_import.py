"""How fast `wgbot email import` reads a list's past: 5,000 hard-wrapped, quoted, signed list
posts (40 senders, a thread per 25 posts, a few bounces and broken messages) in one mbox, run
as typed (a fresh `wgbot` process, its progress bar on stderr), then the same file again
(every post already known: it adds nothing). Goal: the first run under a minute on 2 cores.

Run by hand: `.venv/bin/python bench/email_import.py [DATABASE_URL]` (default: a temporary
SQLite file; give an empty PostgreSQL database's URL to measure that).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_app  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.database import sqlite_url  # noqa: E402
from storage.record.models import RecordMessage  # noqa: E402

LIST = "bpf-cyber@lists.example.org"
GROUP = "BPF Cybersecurity"
MESSAGES = 5_000
PEOPLE = 40
PARAGRAPH = (
    "I think the BPF should recommend that operators publish their incident reporting "
    "timelines, because a shared baseline helps the smaller CSIRTs plan their staffing. "
    "Post {n} adds that the regional CERTs could review the draft before the June meeting."
)


def message(n: int, at: datetime) -> bytes:
    root = n - n % 25
    who = n % PEOPLE
    head = [
        f"From p{who}@example.org {at:%a %b %d %H:%M:%S %Y}",
        f"From: p{who}@example.org (Person =?utf-8?Q?N=C3=BAmero?= {who})",
        f"Date: {format_datetime(at)}" if n % 1000 != 999 else "Date: someday",
        f"Message-ID: <post{n}@example.org>",
        f"Subject: {'Re: ' if n != root else ''}[BPF] Thread {root // 25}",
        "List-Id: BPF Cybersecurity <bpf-cyber.lists.example.org>",
    ]
    if n != root:
        head += [f"In-Reply-To: <post{n - 1}@example.org>", f"References: <post{root}@example.org>"]
    body = textwrap.fill(PARAGRAPH.format(n=n), 72)
    quoted = "\n".join("> " + line for line in textwrap.wrap(PARAGRAPH.format(n=n - 1), 70))
    text = f"On {format_datetime(at)}, p{who} wrote:\n{quoted}\n\n{body}\n\n-- \nPerson {who}\n"
    return ("\n".join(head) + "\n\n" + text + "\n").encode()


def run(url: str, path: Path) -> tuple[float, str]:
    env = {**os.environ, "DATABASE_URL": url}
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bot", "email", "import", str(path), "--group", GROUP],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    return time.perf_counter() - began, done.stdout.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[1] if len(sys.argv) > 1 else sqlite_url(Path(tmp) / "bench.sqlite3")
        app = build_app(Settings(_env_file=None), database_url=url)
        now = datetime.now(UTC)
        with app.database.session() as session:
            from storage.store import Store

            store = Store(session)
            group = store.groups.create(GROUP, "bpf", "UTC", "bench", now)
            store.groups.bind(group, "email", LIST, "bench", now)
        path = Path(tmp) / "bpf-cyber.mbox"
        start = now - timedelta(days=60)
        path.write_bytes(
            b"".join(message(n, start + timedelta(minutes=10 * n)) for n in range(MESSAGES))
        )
        first, said = run(url, path)
        print(f"first run: {MESSAGES:,} messages in {first:.1f} s ({MESSAGES / first:.0f}/s)")
        print(f"  {said}")
        second, said = run(url, path)
        print(f"second run: {second:.1f} s")
        print(f"  {said}")
        with app.database.session(readonly=True) as session:
            from sqlmodel import func, select

            kept = session.exec(select(func.count()).select_from(RecordMessage)).one()
        print(f"record: {kept:,} messages")
        app.database.dispose()


if __name__ == "__main__":
    main()
