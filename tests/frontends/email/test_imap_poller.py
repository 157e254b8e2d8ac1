"""The IMAP poller against a real dovecot on 127.0.0.1, on SQLite and PostgreSQL.

The ingest here is a recorder standing where emailin's ingest plugs in (the poller's port):
it keeps what it was handed, and raises where a test wants the ingest to fail.
tests/frontends/email/test_imap_end_to_end.py runs the real ingest."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from sqlalchemy.exc import OperationalError

from bot.frontends.email.imap import ImapPoller, PollReport
from bot.frontends.email.imap_client import ImapConfig, ImapSession
from storage.database import Database
from storage.email.imap import ImapRepo
from tests.frontends.email.imap_server import Account, DovecotServer
from tests.hostile import HOSTILE


def message(n: int, *, body: str = "", size: int = 0) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Member {n} <member{n}@example.org>"
    msg["To"] = "bpf-cyber@lists.example.org"
    msg["Subject"] = f"Post {n}"
    msg["Message-ID"] = make_msgid(f"post{n}", "example.org")
    msg["Date"] = format_datetime(datetime(2026, 11, 1, 9, n % 60, tzinfo=UTC))
    msg.set_content((body or f"Post number {n}.") + "\n" + "x" * size)
    return msg.as_bytes()


@dataclass
class Recorder:
    """The poller's ingest port, recording: `fail(raw)` decides whether to raise."""

    got: list[tuple[bytes, str]] = field(default_factory=list)
    fail: Callable[[bytes], BaseException | None] = lambda _raw: None

    def __call__(self, raw: bytes, *, source: str) -> object:
        error = self.fail(raw)
        if error is not None:
            raise error
        self.got.append((raw, source))
        return None

    def subjects(self) -> list[str]:
        return [str(message_from_bytes(raw)["Subject"]) for raw, _ in self.got]


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    yield db
    db.dispose()


def poller(
    config: ImapConfig,
    database: Database,
    ingest: Recorder,
    *,
    max_bytes: int = 100_000,
    batch_messages: int = 100,
    batch_bytes: int = 16_000_000,
) -> ImapPoller:
    return ImapPoller(
        config,
        database,
        ingest,
        max_bytes=max_bytes,
        batch_messages=batch_messages,
        batch_bytes=batch_bytes,
    )


def cursor(database: Database, config: ImapConfig) -> tuple[int | None, int | None]:
    with database.session() as session:
        row = ImapRepo(session).cursor(config.source)
        return row.uidvalidity, row.last_uid


@pytest.mark.parametrize("security", ["none", "starttls", "ssl"])
def test_each_security_reaches_the_folder(
    dovecot: DovecotServer, imap_account: Account, security: str
) -> None:
    dovecot.append(imap_account, [message(1)])
    with ImapSession(dovecot.config(imap_account, security)) as imap:
        assert imap.examine() > 0
        assert list(imap.sizes_after(0)) == [1]
        if security != "none":
            assert imap.conn.sock.version() is not None  # type: ignore[attr-defined]


def test_new_mail_is_read_once_in_order(
    dovecot: DovecotServer, imap_account: Account, database: Database
) -> None:
    config = dovecot.config(imap_account, "starttls")
    dovecot.append(imap_account, [message(n) for n in range(1, 6)])
    ingest = Recorder()
    report = poller(config, database, ingest).poll()
    assert report.error is None
    assert (report.new, report.fetched, report.last_uid) == (5, 5, 5)
    assert ingest.subjects() == [f"Post {n}" for n in range(1, 6)]
    assert {source for _, source in ingest.got} == {f"imap:{config.mailbox}"}
    assert cursor(database, config)[1] == 5

    again = poller(config, database, ingest).poll()  # a new poller: the cursor is stored
    assert (again.new, again.fetched) == (0, 0)
    dovecot.append(imap_account, [message(6), message(7)])
    third = poller(config, database, ingest).poll()
    assert (third.fetched, third.last_uid) == (2, 7)
    assert ingest.subjects()[-2:] == ["Post 6", "Post 7"]
    with database.session() as session:
        row = ImapRepo(session).cursor(config.source)
    assert row.last_poll_at is not None and row.last_error is None


def test_batches_bounded_by_count_and_bytes(
    dovecot: DovecotServer, imap_account: Account, database: Database
) -> None:
    config = dovecot.config(imap_account)
    dovecot.append(imap_account, [message(n, size=3000) for n in range(1, 12)])
    ingest = Recorder()
    small = poller(config, database, ingest, batch_messages=4, batch_bytes=8000)
    sizes = {uid: 3300 for uid in range(1, 12)}
    assert [len(b) for b in small._batches(sizes)] == [2, 2, 2, 2, 2, 1]
    report = small.poll()
    assert report.fetched == 11 and ingest.subjects() == [f"Post {n}" for n in range(1, 12)]


def test_one_bad_message_never_stops_the_poller(
    dovecot: DovecotServer, imap_account: Account, database: Database
) -> None:
    config = dovecot.config(imap_account)
    dovecot.append(imap_account, [message(n, body=HOSTILE[n % len(HOSTILE)]) for n in range(1, 9)])
    ingest = Recorder(fail=lambda raw: ValueError("boom") if b"Subject: Post 3" in raw else None)
    report = poller(config, database, ingest, batch_messages=2).poll()
    assert report.error is None and report.failed == 1 and report.fetched == 8
    assert "Post 3" not in ingest.subjects() and len(ingest.got) == 7
    assert cursor(database, config)[1] == 8
    assert poller(config, database, Recorder()).poll().fetched == 0  # passed over for good


def test_database_down_stops_before_the_cursor_moves(
    dovecot: DovecotServer, imap_account: Account, database: Database
) -> None:
    """A crash between ingest and cursor re-reads: nothing is lost."""
    config = dovecot.config(imap_account)
    dovecot.append(imap_account, [message(n) for n in range(1, 7)])
    down = OperationalError("INSERT", {}, Exception("server closed the connection"))
    ingest = Recorder(fail=lambda raw: down if b"Subject: Post 4" in raw else None)
    report = poller(config, database, ingest, batch_messages=10).poll()
    assert report.error is not None and report.error.startswith("database:")
    assert ingest.subjects() == ["Post 1", "Post 2", "Post 3"]
    assert cursor(database, config)[1] == 3
    with database.session() as session:
        assert "server closed" in (ImapRepo(session).cursor(config.source).last_error or "")
    rest = Recorder()
    assert poller(config, database, rest).poll().error is None
    assert rest.subjects() == ["Post 4", "Post 5", "Post 6"]


def test_a_new_uidvalidity_reads_the_folder_again(
    dovecot: DovecotServer, imap_account: Account, database: Database
) -> None:
    config = dovecot.config(imap_account)
    dovecot.append(imap_account, [message(n) for n in range(1, 4)])
    first = poller(config, database, Recorder()).poll()
    dovecot.set_uidvalidity(imap_account, (first.uidvalidity or 0) + 1000)
    ingest = Recorder()
    report = poller(config, database, ingest).poll()
    assert report.restarted and report.uidvalidity == (first.uidvalidity or 0) + 1000
    assert ingest.subjects() == ["Post 1", "Post 2", "Post 3"]
    assert cursor(database, config) == (report.uidvalidity, 3)
    assert "UIDVALIDITY changed" in report.line()


def test_a_huge_message_comes_cut_at_the_limit(
    dovecot: DovecotServer, imap_account: Account, database: Database
) -> None:
    config = dovecot.config(imap_account)
    dovecot.append(imap_account, [message(1, size=60_000), message(2)])
    ingest = Recorder()
    poller(config, database, ingest, max_bytes=20_000).poll()
    assert len(ingest.got[0][0]) == 20_001  # the decoder sees "too big"
    assert ingest.subjects() == ["Post 1", "Post 2"]


def test_refused_login_is_reported_and_stored(
    dovecot: DovecotServer, imap_account: Account, database: Database
) -> None:
    good = dovecot.config(imap_account)
    bad = ImapConfig(good.host, good.port, good.user, "wrong", security="none")
    report: PollReport = poller(bad, database, Recorder()).poll()
    assert report.error is not None and f"login as {good.user} refused" in report.error
    assert "wrong" not in report.error and "b'" not in report.error
    with database.session() as session:
        row = ImapRepo(session).cursor(bad.source)
    assert row.last_error == report.error and row.last_poll_at is not None
    good_report = poller(good, database, Recorder()).poll()
    assert good_report.error is None
    with database.session() as session:
        assert ImapRepo(session).cursor(good.source).last_error is None


def test_the_cursor_never_moves_back(database: Database) -> None:
    with database.session() as session:
        repo = ImapRepo(session)
        repo.cursor("imap:a@h:1/INBOX")
        repo.restart("imap:a@h:1/INBOX", 4_294_967_295)  # the largest UIDVALIDITY there is
        assert repo.advance("imap:a@h:1/INBOX", 4_294_967_295, 4_294_967_290)
        assert not repo.advance("imap:a@h:1/INBOX", 4_294_967_295, 7)
        assert not repo.advance("imap:a@h:1/INBOX", 12, 4_294_967_291)  # an old UIDVALIDITY
    with database.session() as session:
        row = ImapRepo(session).cursor("imap:a@h:1/INBOX")
    assert (row.uidvalidity, row.last_uid) == (4_294_967_295, 4_294_967_290)
