"""The readable body of a MIME message and a summary of its attachments.

The text part is chosen as a mail client would (text/plain before text/html inside
multipart/alternative); its bytes are decoded by the declared charset, with the fallbacks
real mail needs (undeclared 8-bit text, ISO-8859-1 that is really Windows-1252, unknown
charset names). Attachments are never decoded: their size comes from the encoded length, so a
huge one inside the size limit costs nothing.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from email.message import Message

from bot.core.neutral import mentions_as_names
from bot.ground.normalise import tidy
from bot.mail.html_text import html_to_text
from bot.mail.paragraphs import unwrap

# Browsers (WHATWG Encoding) read these labels as Windows-1252: mail clients mislabel it so.
_AS_CP1252 = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1", "cp819"})
_MAX_NAME = 120
_MAX_PARTS = 500
# Read of one text part: far more than a post keeps (mime.MAX_TEXT), so the cost of a
# megabytes-long body stays bounded.
MAX_PART_CHARS = 1_000_000


@dataclass(frozen=True)
class Attachment:
    """An attachment as the summary shows it; its content is never read."""

    name: str
    content_type: str
    size: int

    def note(self) -> str:
        return f"[attachment: {self.name}, {human_size(self.size)}]"


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Text from bytes in a declared charset, never an exception: what cannot be read becomes
    U+FFFD, as a mail client shows it."""
    name = (charset or "").strip().strip('"').lower()
    if not name or name in _AS_CP1252:
        try:
            return data.decode("utf-8")  # undeclared or mislabelled UTF-8 is common
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        codec = "utf-8"
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode(codec, errors="replace")
    except (LookupError, UnicodeError, ValueError):
        return data.decode("utf-8", errors="replace")


def _unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: a line ending in a space continues on the next one."""
    out: list[str] = []
    paragraph: str | None = None
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        flowed = content.endswith(" ") and content != "-- "
        if flowed and delsp:
            content = content[:-1]
        if paragraph is None:
            paragraph = (">" * depth + " " if depth else "") + content
        else:
            paragraph += content
        if not flowed:
            out.append(paragraph)
            paragraph = None
    if paragraph is not None:
        out.append(paragraph)
    return "\n".join(out)


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    text = decode_bytes(data, part.get_content_charset())[:MAX_PART_CHARS]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if part.get_content_subtype() == "html":
        return html_to_text(text)
    if (part.get_param("format") or "").lower() == "flowed":  # type: ignore[union-attr]
        return _unflow(text, (str(part.get_param("delsp") or "")).lower() == "yes")
    return unwrap(text)  # hard-wrapped plain text: its paragraphs joined again


def _encoded_size(part: Message) -> int:
    payload = part.get_payload()
    if part.is_multipart() or not isinstance(payload, str):
        return sum(_encoded_size(p) for p in part.walk() if p is not part and not p.is_multipart())
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding == "base64":
        return len(re.sub(r"\s+", "", payload)) * 3 // 4
    return len(payload)


def _attachment(part: Message, index: int) -> Attachment:
    raw_name = part.get_filename()
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        first = inner[0] if isinstance(inner, list) and inner else None
        subject = str(first.get("Subject", "")) if isinstance(first, Message) else ""
        raw_name = raw_name or f"forwarded message {subject}".strip()
    name = mentions_as_names(tidy(str(raw_name or ""), max_length=_MAX_NAME)) or f"part {index}"
    return Attachment(name=name, content_type=part.get_content_type(), size=_encoded_size(part))


_SIGNATURES = frozenset({"application/pgp-signature", "application/pkcs7-signature"})
_SIGNATURES |= {"application/x-pkcs7-signature"}


def _alternative(parts: list[Message]) -> Message | None:
    """The part a mail client shows of multipart/alternative: plain text before HTML."""
    for wanted in ("text/plain", "text/html"):
        for part in parts:
            if part.get_content_type() == wanted:
                return part
    return next((p for p in parts if p.is_multipart()), None)


class _Walk:
    """Text parts in reading order and attachments, visiting at most _MAX_PARTS parts."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.attachments: list[Attachment] = []
        self.visited = 0

    def visit(self, part: Message) -> None:
        self.visited += 1
        if self.visited > _MAX_PARTS:
            return
        ctype = part.get_content_type()
        if part.get_content_maintype() == "message" or ctype in _SIGNATURES:
            if ctype not in _SIGNATURES:  # a forwarded or digested message: not this post's words
                self.attachments.append(_attachment(part, len(self.attachments) + 1))
            return
        if part.is_multipart():
            payload = part.get_payload()
            children = (
                [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []
            )
            subtype = part.get_content_subtype()
            if subtype == "alternative":
                chosen = _alternative(children)
                children = [chosen] if chosen is not None else []
            elif subtype == "related":
                children = children[:1]  # the root; the rest are its inline images
            for child in children:
                self.visit(child)
            return
        disposition = (part.get_content_disposition() or "").lower()
        if ctype in ("text/plain", "text/html") and disposition != "attachment":
            self.texts.append(_part_text(part))
        else:
            self.attachments.append(_attachment(part, len(self.attachments) + 1))


def body_and_attachments(msg: Message) -> tuple[str, tuple[Attachment, ...]]:
    """(readable text, attachments) of a message; text is "" when it has none."""
    walk = _Walk()
    walk.visit(msg)
    text = "\n\n".join(t.strip("\n") for t in walk.texts if t.strip())
    return text, tuple(walk.attachments)
