"""A list post's permalink in the list's web archive, from WGBOT_LIST_ARCHIVE_URL:
`{message_id}` (URL-quoted) and HyperKitty's `{message_id_hash}` are filled in."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import quote


def message_id_hash(message_id: str) -> str:
    """HyperKitty's id of a message: base32 of the SHA-1 of its Message-ID (no brackets)."""
    digest = hashlib.sha1(message_id.encode("utf-8", "replace")).digest()
    return base64.b32encode(digest).decode("ascii")


def permalink(pattern: str | None, message_id: str) -> str | None:
    if not pattern:
        return None
    link = pattern.replace("{message_id_hash}", message_id_hash(message_id))
    link = link.replace("{message_id}", quote(message_id, safe="@"))
    return link if len(link) <= 500 else None
