"""One spelling of an email address, so a list binding, a linked identity and a post's
sender compare equal: the domain lower-cased (and IDNA-encoded), the local part as written.

Here rather than in bot/frontends/email because commands (which never import a front end)
need it too; bot/frontends/email/addresses.py re-exports it."""

from __future__ import annotations

import re

MAX_ADDRESS = 254  # RFC 5321's longest path
MAX_LOCAL = 64
# A dot-atom local part (RFC 5322 without quoted strings: no list or person uses those).
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


def _ascii_host(name: str) -> str | None:
    """`Exämple.ORG` → `xn--exmple-cua.org`; None when it cannot be a host name."""
    if not name or any(ch.isspace() for ch in name):
        return None
    try:
        host = name if name.isascii() else name.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return host.lower() if len(host) <= 253 else None


def normalise_address(raw: str) -> str | None:
    """`Alice@Example.ORG` → `Alice@example.org`; None when it is not one plain address
    (`<…>` and `mailto:` around it are accepted)."""
    text = raw.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or len(local) > MAX_LOCAL:
        return None
    if not _LOCAL.fullmatch(local):
        return None
    host = _ascii_host(domain.rstrip("."))
    if host is None:
        return None
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    address = f"{local}@{host}"
    return address if len(address) <= MAX_ADDRESS else None


def address_key(address: str) -> str:
    """How the bot tells addresses apart: in any case. RFC 5321 lets a local part be
    case-sensitive, but no list server or mail provider a group uses treats `Ana@` and `ana@`
    as two people, and a member who types one while their mail client sends the other must
    still be heard. List bindings, linked identities and list posts' authors use this."""
    return address.lower()
