"""A mailing-list thread as a place a group can own (`/wg list thread MESSAGE-ID`): the key
the record and the binding both name it by. A list thread is named by its first message's
Message-ID (bot/mail/threads.py), as the record's id columns hold it."""

from __future__ import annotations

import hashlib

EMAIL_THREAD = "email_thread"  # the binding's platform: a list thread owned by a group
MAX_ID = 100  # the record's and the binding's id columns


def record_id(message_id: str) -> str:
    """A Message-ID as the record's id columns hold it: itself when short and plain, else
    a prefix and its hash (the same id always maps to the same value)."""
    if len(message_id) <= MAX_ID and message_id.isascii() and message_id.isprintable():
        return message_id
    digest = hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()[:40]
    head = "".join(ch for ch in message_id[:50] if ch.isascii() and ch.isprintable())
    return f"{head}#{digest}"


def typed_message_id(raw: str) -> str | None:
    """A Message-ID as a person pastes it (`<abc@host>`, `abc@host`, `mid:abc@host`), as
    the record keys it; None when it is not one."""
    text = raw.strip()
    if text.lower().startswith("mid:"):
        text = text[4:]
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    local, at, domain = text.partition("@")
    if not at or not local or not domain or any(c.isspace() or c in "<>" for c in text):
        return None
    return record_id(text)
