"""What ties a sent message to its delivery row, for the delivery ports.

Every scheduled message carries its delivery key (`Reply.metadata[DELIVERY_KEY]`). A port stores
a tag made from it with what it sends (Slack message metadata, a Discord nonce and embed
footer, an email Message-ID), so that after a crash it can look the message up instead of
sending it again (docs/scheduler.md, "How a port implements find_sent").
"""

from __future__ import annotations

import hashlib
import threading

DELIVERY_KEY = "wgbot_delivery"  # Reply.metadata entry naming the delivery key
TAG_CHARS = 16  # 64 bits: no two keys of one recipient share a tag


def tag(delivery_key: str) -> str:
    """A short, stable, platform-safe stand-in for the key (hex)."""
    return hashlib.sha256(delivery_key.encode()).hexdigest()[:TAG_CHARS]


def part_tag(delivery_key: str, index: int) -> str:
    """One part of a message sent in several (at most 25 characters: a Discord nonce)."""
    return f"{tag(delivery_key)}-{index}"


class PartsOnTheWire:
    """Parts of a message known to be on the platform, per delivery key, for a port that sends
    a reply in several messages: a retry (or a send after a lookup found some parts) posts
    only the missing ones. Process memory: a crash forgets it, and the lookup finds them."""

    def __init__(self) -> None:
        self._parts: dict[str, dict[int, str]] = {}
        self._lock = threading.Lock()

    def known(self, delivery_key: str) -> dict[int, str]:
        with self._lock:
            return dict(self._parts.get(delivery_key, {}))

    def add(self, delivery_key: str, index: int, message_id: str) -> None:
        with self._lock:
            self._parts.setdefault(delivery_key, {})[index] = message_id

    def forget(self, delivery_key: str) -> None:
        with self._lock:
            self._parts.pop(delivery_key, None)
