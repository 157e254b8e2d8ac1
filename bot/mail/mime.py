"""One raw email → a `Post` of neutral text, or `Skipped` with the reason (docs/email.md).

Parsed with the standard library (`email.policy.default`). Everything a person wrote passes
the core's input boundary (`bot/ground/normalise.tidy`: controls and invisible characters out)
and mention tokens become plain `@name`, so list mail can never act as markup. Nothing
raises: a message that cannot be read is `Skipped(malformed)`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from enum import StrEnum

from bot.core.neutral import mentions_as_names
from bot.ground.normalise import excerpt, tidy
from bot.mail.body import Attachment, body_and_attachments, human_size
from bot.mail.classify import skip_reason
from bot.mail.headers import address_list, header_text, message_ids, sender
from bot.mail.quotes import strip_reply

MAX_TEXT = 100_000  # characters of one post's own words kept (a long essay, not a digest)
_MAX_SUBJECT = 300
_MAX_NAME = 200
_PEEK = 64 * 1024  # the headers of a message too big to parse
_LIST_ID = re.compile(r"<([^<>\s\x00-\x1f\x7f]{1,250})>\s*$")
_RECEIVED_DATE = re.compile(r";\s*([^;]+?)\s*$")


class SkipReason(StrEnum):
    """Why a message is not a post; `wgbot email status` counts by these."""

    MALFORMED = "malformed"
    BOUNCE = "bounce"
    AUTO_REPLY = "auto_reply"
    TOO_BIG = "too_big"
    DIGEST = "digest"


@dataclass(frozen=True)
class Skipped:
    """A message that is not a post; `detail` is one line for the log."""

    reason: SkipReason
    detail: str
    message_id: str | None = None


@dataclass(frozen=True)
class Post:
    """A list post as neutral text. Message-IDs are without angle brackets."""

    message_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    sender: str  # the address, domain lower-cased
    sender_name: str  # the display name, else the address
    list_id: str | None  # List-Id's identifier, e.g. bpf.lists.example.org
    list_post: str | None  # List-Post's address, e.g. bpf@lists.example.org
    to: tuple[str, ...]
    cc: tuple[str, ...]
    date: datetime  # aware, UTC
    subject: str
    text: str  # the writer's own words: no quotes, signature or list footer
    attachments: tuple[Attachment, ...]
    size: int  # bytes of the raw message
    # The Authentication-Results headers as received (trust.py reads our own server's).
    auth_results: tuple[str, ...] = ()

    @property
    def parent_id(self) -> str | None:
        """The message this one answers: In-Reply-To, else the last of References."""
        return self.in_reply_to or (self.references[-1] if self.references else None)


def _date(msg: EmailMessage) -> datetime | None:
    """Date:, else the newest Received: stamp; naive dates are taken as UTC."""
    candidates = [header_text(msg, "Date")]
    candidates += [
        m.group(1) for r in msg.get_all("Received") or [] if (m := _RECEIVED_DATE.search(str(r)))
    ]
    for raw in candidates:
        if not raw:
            continue
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.astimezone(UTC)
    return None


def _list_post(msg: EmailMessage) -> str | None:
    raw = header_text(msg, "List-Post")
    found = re.search(r"<mailto:([^<>?\s]+)", raw or "", re.IGNORECASE)
    addresses = address_list(found.group(1)) if found else ()
    return addresses[0] if addresses else None


def _synthetic_id(msg: EmailMessage, raw: bytes) -> str:
    """A stable id for a message that has none, so a redelivery is still recognised."""
    stable = "\n".join(header_text(msg, h) or "" for h in ("From", "Date", "Subject", "To"))
    digest = hashlib.sha256(stable.encode("utf-8", "replace") + b"\n" + raw[-4096:]).hexdigest()
    return f"{digest[:32]}@wgbot.invalid"


def _text(body: str, attachments: tuple[Attachment, ...]) -> str:
    words = strip_reply(body[: 4 * MAX_TEXT])  # the footer of a longer one is cut anyway
    notes = "\n".join(a.note() for a in attachments)
    text = f"{words}\n\n{notes}" if words and notes else words or notes
    return mentions_as_names(tidy(text, prose=True, max_length=MAX_TEXT))


def _decode(raw: bytes, max_bytes: int) -> Post | Skipped:
    if len(raw) > max_bytes:
        head = BytesHeaderParser(policy=policy.default).parsebytes(raw[:_PEEK])
        ids = message_ids(header_text(head, "Message-ID"))
        limit = f"{human_size(len(raw))} is over the limit of {human_size(max_bytes)}"
        return Skipped(SkipReason.TOO_BIG, limit, ids[0] if ids else None)
    if not raw.strip():
        return Skipped(SkipReason.MALFORMED, "empty message")
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    ids = message_ids(header_text(msg, "Message-ID"))
    message_id = ids[0] if ids else None
    verdict = skip_reason(msg)
    if verdict is not None:
        return Skipped(SkipReason(verdict[0]), verdict[1], message_id)
    list_post = _list_post(msg)
    who = sender(msg, list_post)
    if who is None:
        found = excerpt(header_text(msg, "From") or "", 60) or "none"
        return Skipped(SkipReason.MALFORMED, f"no sender address in From: ({found})", message_id)
    when = _date(msg)
    if when is None:
        found = excerpt(header_text(msg, "Date") or "", 60) or "none"
        return Skipped(SkipReason.MALFORMED, f"no readable Date: ({found})", message_id)
    if msg.get_content_maintype() not in ("text", "multipart", "message"):
        return Skipped(SkipReason.MALFORMED, f"no text: the message is {msg.get_content_type()}")
    body, attachments = body_and_attachments(msg)
    list_id = _LIST_ID.search(header_text(msg, "List-Id") or "")
    replies = message_ids(header_text(msg, "In-Reply-To"))
    return Post(
        message_id=message_id or _synthetic_id(msg, raw),
        in_reply_to=replies[0] if replies else None,
        references=message_ids(header_text(msg, "References")),
        sender=who[0],
        sender_name=mentions_as_names(tidy(who[1], max_length=_MAX_NAME)) or who[0],
        list_id=list_id.group(1).lower() if list_id else None,
        list_post=list_post,
        to=address_list(header_text(msg, "To")),
        cc=address_list(header_text(msg, "Cc")),
        date=when,
        subject=mentions_as_names(tidy(header_text(msg, "Subject") or "", max_length=_MAX_SUBJECT)),
        text=_text(body, attachments),
        attachments=attachments,
        size=len(raw),
        auth_results=tuple(str(h) for h in msg.get_all("Authentication-Results") or ()),
    )


def decode_post(raw: bytes, *, max_bytes: int) -> Post | Skipped:
    """A post, or why not; never raises for any input bytes."""
    try:
        return _decode(bytes(raw), max_bytes)
    except Exception as exc:  # the parser's many failure modes are all "malformed" here
        return Skipped(
            SkipReason.MALFORMED, f"unreadable ({type(exc).__name__}: {excerpt(str(exc), 80)})"
        )


__all__ = ["Attachment", "Post", "SkipReason", "Skipped", "decode_post"]
