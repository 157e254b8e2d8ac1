"""Benchmark: one scheduler sweep over many groups against a rate-limited stand-in API.

A local HTTP server on 127.0.0.1 plays the chat platform: it accepts at most 20 messages a
second across the workspace and 1 a second per channel, answering 429 with Retry-After
(whole seconds, as Slack does) beyond that. The sweep delivers through a small HTTP delivery
port. Reported: messages, duplicates (must be 0), lost (must be 0), 429s, and the wall time
against the lower bound the rate limit sets (messages / 20 per second).

    .venv/bin/python bench/sweep.py                   # scaled down: 200 groups, 100 sponsors
    .venv/bin/python bench/sweep.py --full            # 2,000 groups, 1,000 sponsors (~5 min)
    .venv/bin/python bench/sweep.py --instances 1     # one scheduler instead of two
    .venv/bin/python bench/sweep.py --database-url postgresql+psycopg://postgres@127.0.0.1/x
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict, deque
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.clock import FrozenClock
from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, Recipient
from bot.core.render_text import render_text
from bot.scheduler.sweep import Sweeper
from bot.settings import Settings
from storage.database import Database, sqlite_url
from storage.groups.models import MemberRole
from storage.store import Store

WORKSPACE_PER_SECOND = 20
CHANNEL_PER_SECOND = 1
NOW = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)  # a Monday, an hour after the nudge moment


class RateLimitedWorkspace:
    """The stand-in platform's state: sliding one-second windows, and what it received."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recent: deque[float] = deque()
        self.per_channel: dict[str, float] = {}
        self.received: Counter[str] = Counter()
        self.limited = 0

    def post(self, channel: str, key: str) -> float | None:
        """None if accepted, else the seconds to wait (Retry-After)."""
        with self.lock:
            now = time.monotonic()
            while self.recent and now - self.recent[0] >= 1.0:
                self.recent.popleft()
            waits = []
            if len(self.recent) >= WORKSPACE_PER_SECOND:
                waits.append(self.recent[0] + 1.0 - now)
            last = self.per_channel.get(channel)
            if last is not None and now - last < 1.0 / CHANNEL_PER_SECOND:
                waits.append(last + 1.0 / CHANNEL_PER_SECOND - now)
            if waits:
                self.limited += 1
                return max(waits)
            self.recent.append(now)
            self.per_channel[channel] = now
            self.received[key] += 1
            return None


def serve(workspace: RateLimitedWorkspace) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            wait = workspace.post(body["channel"], body["key"])
            if wait is None:
                payload, status = {"ok": True, "ts": str(time.time())}, 200
            else:
                payload, status = {"ok": False, "error": "ratelimited"}, 429
            data = json.dumps(payload).encode()
            self.send_response(status)
            if wait is not None:
                self.send_header("Retry-After", str(max(1, math.ceil(wait))))
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class HttpDelivery:
    """A minimal HTTP delivery port (what a platform's make_delivery returns)."""

    platform = Platform.SLACK

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def send(self, to: Recipient, reply: Reply) -> str:
        body = {"channel": to.id, "text": render_text(reply), "key": reply.metadata[DELIVERY_KEY]}
        request = urllib.request.Request(
            self.base_url + "/chat.postMessage",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return str(json.loads(response.read())["ts"])
        except urllib.error.HTTPError as exc:
            if exc.code == 429:
                after = float(exc.headers["Retry-After"])
                raise DeliveryError("ratelimited", retry_after=after) from exc
            raise DeliveryError(f"HTTP {exc.code}") from exc


def populate(database: Database, groups: int, sponsors: int) -> None:
    """Groups bound to Slack channels, each with one chair, a sponsor and a deadline."""
    created = NOW - timedelta(days=30)
    with database.session() as session:
        store = Store(session)
        for n in range(groups):
            group = store.groups.create(
                f"Group {n:04d}", "Best Practice Forum", "UTC", "b", created
            )
            assert group.id is not None
            store.groups.bind(group, "slack", f"C{n:05d}", "bench", created)
            store.members.join(
                group.id,
                "slack",
                f"U{n:05d}",
                "",
                "Civil society",
                None,
                MemberRole.CHAIR,
                "b",
                created,
            )
            store.sponsors.assign(group.id, "slack", f"S{n % sponsors:05d}", "", "bench", created)
            deadline = NOW.date() + timedelta(days=2 + n % 40)
            store.groups.set_field(group, "deadline", deadline, "bench", created)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="2,000 groups and 1,000 sponsors")
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--sponsors", type=int, default=100)
    parser.add_argument("--instances", type=int, default=2, help="schedulers sweeping at once")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    groups, sponsors = (2000, 1000) if args.full else (args.groups, args.sponsors)

    url = args.database_url or sqlite_url(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    database = Database(url)
    database.upgrade()
    t0 = time.perf_counter()
    populate(database, groups, sponsors)
    setup = time.perf_counter() - t0

    workspace = RateLimitedWorkspace()
    server = serve(workspace)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    clock = FrozenClock(NOW)
    planned = Sweeper(database, settings, {Platform.SLACK: HttpDelivery(base)}, clock).sweep(
        dry_run=True
    )
    expected = len(planned)

    engines = [Database(url) for _ in range(args.instances)]
    sweepers = [
        Sweeper(db, settings, {Platform.SLACK: HttpDelivery(base)}, clock, owner=f"bench-{i}")
        for i, db in enumerate(engines)
    ]
    t0 = time.perf_counter()
    threads = [threading.Thread(target=s.sweep) for s in sweepers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    server.shutdown()

    per_channel: defaultdict[str, int] = defaultdict(int)
    for key in workspace.received:
        per_channel[key.split("|")[2]] += 1
    bound = max(expected / WORKSPACE_PER_SECOND, max(per_channel.values(), default=1) - 1)
    duplicates = sum(n - 1 for n in workspace.received.values() if n > 1)
    lost = expected - len(workspace.received)
    kinds = Counter(o.kind for o in planned)
    print(
        f"groups {groups}, sponsors {sponsors}, schedulers {args.instances}, db {database.dialect}"
    )
    print(
        f"setup {setup:.1f} s; messages due {expected}: "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    )
    print(
        f"delivered {sum(workspace.received.values())}, duplicates {duplicates}, "
        f"lost {lost}, 429 answers {workspace.limited}"
    )
    print(
        f"wall {wall:.1f} s; lower bound {bound:.1f} s at {WORKSPACE_PER_SECOND} msg/s; "
        f"ratio {wall / bound:.2f}"
    )
    for db in [database, *engines]:
        db.dispose()
    if duplicates or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
