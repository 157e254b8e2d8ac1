"""How fast list mail is decoded, and what the worst bodies cost.

Run by hand: `.venv/bin/python bench/email_decode.py`. Decodes the 300-post corpus thread
(testkit/email/corpus.py: eight mail clients' shapes, one 3 MB attachment) and its extras,
reads it back as an mbox archive, and times `decode_post` on hostile bodies near the default
5 MB limit (a plain body, all quotes, "… schrieb" lines, a 3 MB HTML body). Ingest and the
IMAP poller run off any ack path, so these bound a poll's work, not a user's wait.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.mail.mime import decode_post
from bot.summarizer.sources import load_export
from testkit.email.corpus import extras, list_thread, mbox

LIMIT = 5_000_000


def _mail(body: str, subtype: str = "plain") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["Date"] = "a@b.example", "Tue, 12 Jan 2027 09:00:00 +0000"
    msg.set_content(body, subtype=subtype)
    return msg.as_bytes()


def main() -> None:
    messages = [*list_thread(), *extras()]
    times = []
    for message in messages:
        start = time.perf_counter()
        decode_post(message.raw, max_bytes=LIMIT)
        times.append(time.perf_counter() - start)
    ordered = sorted(times)
    print(
        f"corpus: {len(messages)} messages, {sum(len(m.raw) for m in messages) / 1e6:.1f} MB, "
        f"{sum(times):.2f} s; per message median {statistics.median(ordered) * 1000:.1f} ms, "
        f"p95 {ordered[int(len(ordered) * 0.95)] * 1000:.1f} ms, max {ordered[-1] * 1000:.0f} ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bpf.mbox"
        path.write_bytes(mbox(list_thread()))
        start = time.perf_counter()
        loaded, _ = load_export(path)
        print(f"mbox archive: {len(loaded)} posts read in {time.perf_counter() - start:.2f} s")
    worst = {
        "3.8 MB plain body": _mail(("word " * 15 + "\n") * 50_000),
        "3.8 MB of quoted lines": _mail("> quoted line here\n" * 200_000),
        '2.9 MB of "am … schrieb" lines': _mail(("am " + " schrieb" * 35 + "\n") * 10_000),
        "3.3 MB HTML body": _mail("<div><p>hi <a href='x'>y</a></p></div>" * 80_000, "html"),
    }
    for name, raw in worst.items():
        start = time.perf_counter()
        decode_post(raw, max_bytes=LIMIT)
        print(f"{name}: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
