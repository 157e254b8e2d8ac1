"""The IMAP wire, through the standard library's imaplib: connect (ssl / starttls / none),
log in, open a folder read-only, list the UIDs after a cursor, fetch messages by UID.

Read-only on purpose: the folder is opened with EXAMINE and bodies are fetched with
BODY.PEEK, so the bot never marks a list member's mail as read nor changes anything there.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

SECURITY = ("ssl", "starttls", "none")
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")


class ImapError(Exception):
    """The server said no, or the connection broke: one line for the log and the status."""


@dataclass(frozen=True)
class ImapConfig:
    """Where the mailbox is and how to reach it (built from WGBOT_IMAP_* by the poller)."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    security: str = "ssl"
    timeout: float = 30.0
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.security not in SECURITY:
            raise ValueError(
                f"WGBOT_IMAP_SECURITY is {self.security!r}: expected ssl, starttls or none"
            )

    @property
    def mailbox(self) -> str:
        """The cursor's key: one mailbox is one user's folder on one server (whichever port
        reaches it: 993 with ssl and 143 with starttls are the same folder)."""
        return f"{self.user}@{self.host.lower()}/{self.folder}"

    @property
    def source(self) -> str:
        """How the ingest names this source in its counters and `wgbot email status`."""
        return f"imap:{self.mailbox}"

    def context(self) -> ssl.SSLContext:
        return self.ssl_context or ssl.create_default_context()


@dataclass(frozen=True)
class Fetched:
    uid: int
    raw: bytes
    size: int  # the whole message's size on the server (raw may be cut at the fetch limit)


class ImapSession:
    """One logged-in connection with one folder open (a context manager: logs out on exit)."""

    def __init__(self, config: ImapConfig) -> None:
        self.config = config
        self.conn = _connect(config)
        self.uidvalidity = 0
        self.exists = 0

    def __enter__(self) -> ImapSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        # A connection that is gone already has nothing more to release.
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            self.conn.logout()

    def examine(self) -> int:
        """Open the folder read-only; returns its UIDVALIDITY."""
        typ, data = self.conn.select(_quote(self.config.folder), readonly=True)
        if typ != "OK":
            raise ImapError(f"cannot open folder {self.config.folder!r}: {_text(data)}")
        self.exists = int(data[0] or 0) if data and data[0] else 0
        _, values = self.conn.response("UIDVALIDITY")
        found = [int(v) for v in values if isinstance(v, bytes) and v.isdigit()]
        if not found:  # some servers only put it in the OK [UIDVALIDITY n] text
            typ, status = self.conn.status(_quote(self.config.folder), "(UIDVALIDITY)")
            match = _UIDVALIDITY.search(b" ".join(s for s in status if isinstance(s, bytes)))
            if typ != "OK" or match is None:
                raise ImapError(f"folder {self.config.folder!r} reports no UIDVALIDITY")
            found = [int(match.group(1))]
        self.uidvalidity = found[-1]
        return self.uidvalidity

    def sizes_after(self, last_uid: int) -> dict[int, int]:
        """UID → size of every message above the cursor. `N:*` always matches the newest
        message even when its UID is below N (RFC 3501 §6.4.8), so the answer is filtered."""
        if self.exists == 0:
            return {}
        typ, data = self.conn.uid("FETCH", f"{last_uid + 1}:*", "(UID RFC822.SIZE)")
        if typ != "OK":
            raise ImapError(f"UID FETCH of sizes failed: {_text(data)}")
        sizes: dict[int, int] = {}
        for line in data:
            if not isinstance(line, bytes):
                continue
            uid, size = _UID.search(line), _SIZE.search(line)
            if uid and size and int(uid.group(1)) > last_uid:
                sizes[int(uid.group(1))] = int(size.group(1))
        return sizes

    def fetch(self, uids: Sequence[int], *, limit: int) -> Iterator[Fetched]:
        """The messages with these UIDs, at most `limit` bytes of each (a bigger one comes cut
        at limit, so its decoder sees it is too big without this process holding it whole).
        A UID expunged meanwhile is simply absent."""
        if not uids:
            return
        typ, data = self.conn.uid(
            "FETCH", ",".join(map(str, uids)), f"(UID RFC822.SIZE BODY.PEEK[]<0.{limit}>)"
        )
        if typ != "OK":
            raise ImapError(f"UID FETCH failed: {_text(data)}")
        yield from sorted(_parse_fetch(data), key=lambda f: f.uid)


def _parse_fetch(data: Sequence[Any]) -> Iterator[Fetched]:
    """imaplib hands a FETCH answer back as (prefix, literal) tuples, each followed by the
    rest of its line as bytes; UID may stand before or after the literal."""
    items = list(data)
    for index, item in enumerate(items):
        if not isinstance(item, tuple) or len(item) != 2:
            continue
        prefix, literal = item
        tail = items[index + 1] if index + 1 < len(items) else b""
        tail = tail if isinstance(tail, bytes) else b""
        uid = _UID.search(prefix) or _UID.search(tail)
        if uid is None or not isinstance(literal, bytes):
            continue  # an unsolicited FETCH (flags changed): not one of ours
        size = _SIZE.search(prefix) or _SIZE.search(tail)
        yield Fetched(int(uid.group(1)), literal, int(size.group(1)) if size else len(literal))


def _connect(config: ImapConfig) -> imaplib.IMAP4:
    try:
        conn: imaplib.IMAP4
        if config.security == "ssl":
            conn = imaplib.IMAP4_SSL(
                config.host, config.port, ssl_context=config.context(), timeout=config.timeout
            )
        else:
            conn = imaplib.IMAP4(config.host, config.port, timeout=config.timeout)
            if config.security == "starttls":
                conn.starttls(config.context())
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ImapError(f"cannot connect to {config.host}:{config.port}: {_reason(exc)}") from exc
    try:
        conn.login(config.user, config.password)
    except (OSError, imaplib.IMAP4.error) as exc:
        with contextlib.suppress(OSError):  # already closed by the server
            conn.shutdown()
        raise ImapError(f"login as {config.user} refused: {_reason(exc)}") from exc
    return conn


def _quote(folder: str) -> str:
    """imaplib sends the name as is: quote it so a folder with spaces still works."""
    if folder.startswith('"'):
        return folder
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reason(exc: BaseException) -> str:
    """imaplib puts the server's answer in as bytes: shown as the server's text."""
    parts = [a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a) for a in exc.args]
    return " ".join(" ".join(parts).split()) or type(exc).__name__


def _text(data: Sequence[Any]) -> str:
    parts = [d.decode("utf-8", "replace") for d in data if isinstance(d, bytes)]
    return " ".join(" ".join(parts).split()) or "no reason given"
