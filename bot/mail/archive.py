"""Mailing-list archives as a discussion, for `wgbot summarize FILE`: an mbox (also what
Mailman 3's HyperKitty exports, gzipped) and Mailman 2's pipermail monthly archives (.txt,
.txt.gz: an mbox with addresses written "alice at example.org" and attachments scrubbed).

Every message goes through `decode_post`, as live list mail does. A real year of a list holds
a few messages no one can read (a bounce pasted in, a broken client): each is reported with
its number, line and reason, and the rest is read; only an archive with nothing readable is
an error. Bounces, auto-replies and oversized messages are left out and counted. The
split is our own rather than `mailbox.mbox`, which reads only uncompressed files on disk and
cannot say on which line a broken message starts.

Citations: the message's permalink from WGBOT_LIST_ARCHIVE_URL ({message_id}, or HyperKitty's
{message_id_hash}), else its Message-ID as a `mid:` URL (RFC 2392).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bot.core.ports import ChatMessage
from bot.ground.normalise import excerpt
from bot.mail.mime import Post, SkipReason, decode_post
from bot.mail.threads import build_threads

# "From alice@example.org Tue Jan 12 09:00:00 2027", pipermail's "From alice at example.org  …".
_FROM_LINE = re.compile(rb"^From \S+(?: at \S+)? .*\d{1,2}:\d{2}")
_ESCAPED_FROM = re.compile(rb"^>+From ")
_OBFUSCATED = re.compile(rb"^(From|To|Cc|Reply-To):(.*?)(\S+) at (\S+)", re.IGNORECASE)
_SCRUBBED = b"-------------- next part --------------"
_PIPERMAIL = re.compile(rb"^From \S+ at \S+ ")
_GZIP = b"\x1f\x8b"


class ArchiveError(ValueError):
    """The archive cannot be read; the message is one line for people."""


@dataclass(frozen=True)
class Unreadable:
    """A message of the archive that could not be read."""

    number: int  # from 1, in the file's order
    line: int  # of its From_ line
    reason: str

    def __str__(self) -> str:
        return f"message {self.number} (line {self.line}): {self.reason}"


@dataclass(frozen=True)
class Archive:
    messages: list[ChatMessage]  # oldest first
    label: str
    unreadable: tuple[Unreadable, ...] = ()
    total: int = 0  # messages in the file, readable or not

    def unread_note(self) -> str:
        """ "2 of 1,204 messages could not be read", or "" when all could."""
        if not self.unreadable:
            return ""
        return f"{len(self.unreadable):,} of {self.total:,} messages could not be read"


MAX_LINK = 500  # the record's permalink column


def message_id_hash(message_id: str) -> str:
    """HyperKitty's name for a message in its URLs: base32 of the SHA-1 of the Message-ID
    without angle brackets (as HyperKitty's get_message_id_hash unquotes it)."""
    digest = hashlib.sha1(message_id.strip("<>").encode("utf-8", "surrogatepass")).digest()
    return base64.b32encode(digest).decode("ascii")


def permalink(message_id: str, pattern: str | None) -> str | None:
    """Where a cited message can be read: the archive's page (WGBOT_LIST_ARCHIVE_URL), else
    its Message-ID as a `mid:` URL (RFC 2392), which finds it in any archive or mailbox; the
    same for a file summarised and for list mail kept in the record. None when longer than
    the record keeps."""
    if pattern:
        link = pattern.replace("{message_id}", quote(message_id, safe="@")).replace(
            "{message_id_hash}", message_id_hash(message_id)
        )
    else:
        link = "mid:" + quote(message_id, safe="@")
    return link if len(link) <= MAX_LINK else None


def read_file(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, gunzipped when gzipped (HyperKitty's .mbox.gz, pipermail's .txt.gz),
    never more than `max_bytes` either way; ArchiveError in one line otherwise."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ArchiveError(f"{path}: {size:,} bytes is too large for an export.")
        data = path.read_bytes()
    except OSError as exc:
        raise ArchiveError(f"{path}: not a readable file ({exc.strerror or exc}).") from None
    if not data.startswith(_GZIP):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            data = unzipped.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise ArchiveError(f"{path}: not a readable gzip file ({excerpt(str(exc), 60)}).") from None
    if len(data) > max_bytes:
        raise ArchiveError(f"{path}: over {max_bytes:,} bytes unzipped: too large.")
    return data


def looks_like_mbox(data: bytes) -> bool:
    return bool(_FROM_LINE.match(data.lstrip(b"\xef\xbb\xbf\r\n\t ")[:1000]))


def _split(data: bytes) -> Iterator[tuple[int, int, bytes, bool]]:
    """(message number from 1, line of its From_ line, raw message, pipermail?) in order."""
    lines = data.lstrip(b"\xef\xbb\xbf").split(b"\n")
    start, number, pipermail = -1, 0, False
    current: list[bytes] = []
    for i, line in enumerate(lines):
        blank_before = i == 0 or not lines[i - 1].strip()
        if blank_before and _FROM_LINE.match(line):
            if start >= 0:
                yield number, start + 1, b"\n".join(current).rstrip(b"\r\n") + b"\n", pipermail
            start, number, current = i, number + 1, []
            pipermail = bool(_PIPERMAIL.match(line))
            continue
        if start < 0:
            if line.strip():
                raise ArchiveError(f"line {i + 1}: expected a line 'From <sender> <date>'")
            continue
        current.append(line[1:] if _ESCAPED_FROM.match(line) else line)
    if start >= 0:
        yield number, start + 1, b"\n".join(current).rstrip(b"\r\n") + b"\n", pipermail


def _unpipermail(raw: bytes) -> bytes:
    """Pipermail's archive form back to a message: real addresses, scrubbed parts cut."""
    head, sep, body = raw.partition(b"\n\n")
    lines = [_OBFUSCATED.sub(rb"\1:\2\3@\4", line) for line in head.split(b"\n")]
    body = body.split(b"\n" + _SCRUBBED, 1)[0]
    return b"\n".join(lines) + sep + body


def raw_messages(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(number from 1, line of its From_ line, the message as mailed) of an mbox or pipermail
    archive, in order; ArchiveError when the data is no archive."""
    for number, line, raw, pipermail in _split(data):
        yield number, line, _unpipermail(raw) if pipermail else raw


def _chat(post: Post, root: str, pattern: str | None, first: bool) -> ChatMessage:
    text = f"{post.subject}\n\n{post.text}" if first and post.subject else post.text
    return ChatMessage(
        id=post.message_id,
        user_id=post.sender,
        user_name=post.sender_name,
        text=text,
        at=post.date,
        permalink=permalink(post.message_id, pattern),
        thread_id=root,
    )


def load_archive(
    path: Path, data: bytes, *, archive_url: str | None, max_message_bytes: int
) -> Archive:
    """The readable posts of an mbox or pipermail archive, and the unreadable ones; an
    ArchiveError only when the file is no archive or no message in it can be read."""
    posts: list[Post] = []
    skipped: Counter[str] = Counter()
    kinds: set[bool] = set()
    unreadable: list[Unreadable] = []
    total = 0
    try:
        for number, line, raw, pipermail in _split(data):
            total = number
            kinds.add(pipermail)
            result = decode_post(
                _unpipermail(raw) if pipermail else raw, max_bytes=max_message_bytes
            )
            if isinstance(result, Post):
                posts.append(result)
            elif result.reason is SkipReason.MALFORMED:
                unreadable.append(Unreadable(number, line, excerpt(result.detail, 160)))
            else:
                skipped[str(result.reason)] += 1
    except ArchiveError as exc:
        raise ArchiveError(f"{path}: {excerpt(str(exc), 160)}.") from None
    if unreadable and not posts and not skipped:
        first = unreadable[0]
        more = f" (and {len(unreadable) - 1:,} more)" if len(unreadable) > 1 else ""
        raise ArchiveError(f"{path}: no message could be read: {first}{more}.")
    duplicates = len(posts) - len({p.message_id for p in posts})
    if duplicates:
        skipped["duplicate"] += duplicates
    messages: list[ChatMessage] = []
    for thread in build_threads(posts):
        for n, post in enumerate(thread.posts):
            if not post.text:
                skipped["empty"] += 1
                continue
            messages.append(_chat(post, thread.root_id, archive_url, n == 0))
    kind = "Mailman 2 archive" if True in kinds else "mbox"
    lists = Counter(p.list_id for p in posts if p.list_id)
    label = f"{kind} {path.name}"
    if lists:
        label += f" (list {lists.most_common(1)[0][0]})"
    if skipped:
        label += ", left out: " + ", ".join(f"{n} {r}" for r, n in sorted(skipped.items()))
    return Archive(sorted(messages, key=lambda m: m.at), label, tuple(unreadable), total)
