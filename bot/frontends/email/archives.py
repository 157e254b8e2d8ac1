"""Mailing-list archives as a discussion, for `wgbot summarize FILE`: an mbox (also what
Mailman 3's HyperKitty exports, gzipped) and Mailman 2's pipermail monthly archives (.txt,
.txt.gz: an mbox with addresses written "alice at example.org" and attachments scrubbed).

Every message goes through `decode_post`, as live list mail does. A message that cannot be
read stops the whole file with one line naming the message and its line (as a broken chat
export does); bounces, auto-replies and oversized messages are left out and counted. The
split is our own rather than `mailbox.mbox`, which reads only uncompressed files on disk and
cannot say on which line a broken message starts.

Citations: the message's permalink from WGBOT_LIST_ARCHIVE_URL ({message_id}, or HyperKitty's
{message_id_hash}), else its Message-ID as a `mid:` URL (RFC 2392).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bot.core.ports import ChatMessage
from bot.frontends.email.mime import Post, SkipReason, decode_post
from bot.frontends.email.threads import build_threads
from bot.ground.normalise import excerpt

# "From alice@example.org Tue Jan 12 09:00:00 2027", pipermail's "From alice at example.org  …".
_FROM_LINE = re.compile(rb"^From \S+(?: at \S+)? .*\d{1,2}:\d{2}")
_ESCAPED_FROM = re.compile(rb"^>+From ")
_OBFUSCATED = re.compile(rb"^(From|To|Cc|Reply-To):(.*?)(\S+) at (\S+)", re.IGNORECASE)
_SCRUBBED = b"-------------- next part --------------"
_PIPERMAIL = re.compile(rb"^From \S+ at \S+ ")


class ArchiveError(ValueError):
    """The archive cannot be read; the message is one line for people."""


@dataclass(frozen=True)
class Archive:
    messages: list[ChatMessage]  # oldest first
    label: str


def message_id_hash(message_id: str) -> str:
    """HyperKitty's name for a message in its URLs: base32 of the SHA-1 of the Message-ID."""
    digest = hashlib.sha1(message_id.strip("<>").encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")


def permalink(message_id: str, pattern: str | None) -> str:
    """Where a cited message can be read: the archive's page, else a `mid:` URL."""
    if pattern:
        return pattern.replace("{message_id}", quote(message_id, safe="@")).replace(
            "{message_id_hash}", message_id_hash(message_id)
        )
    return "mid:" + quote(message_id, safe="@")


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
    """The posts of an mbox or pipermail archive; ArchiveError at the first unreadable one."""
    posts: list[Post] = []
    skipped: Counter[str] = Counter()
    kinds: set[bool] = set()
    try:
        for number, line, raw, pipermail in _split(data):
            kinds.add(pipermail)
            result = decode_post(
                _unpipermail(raw) if pipermail else raw, max_bytes=max_message_bytes
            )
            if isinstance(result, Post):
                posts.append(result)
            elif result.reason is SkipReason.MALFORMED:
                raise ArchiveError(f"message {number} (line {line}): {result.detail}")
            else:
                skipped[str(result.reason)] += 1
    except ArchiveError as exc:
        raise ArchiveError(f"{path}: {excerpt(str(exc), 160)}.") from None
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
    return Archive(sorted(messages, key=lambda m: m.at), label)
