"""Header values of list mail, read leniently: RFC 2047 words decoded, raw 8-bit bytes read as
UTF-8 (else Windows-1252), addresses normalised (bot/domain/addresses.py, the one rule),
Message-IDs without angle brackets.

A sender's name is read as people wrote it: `Name <addr>`, the old `addr (Name)` comment form
(RFC 2047 inside the comment too), pipermail's `user at domain`; with no name, the address's
local part: a draft or chat reply never prints a person's full address.

A post's sender is the person, also when the list rewrote From: to its own address for DMARC
("Ana via BPF <bpf@lists…>"): then the original address is in X-Original-From, Reply-To or Cc.
"""

from __future__ import annotations

import contextlib
import re
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import getaddresses

from bot.domain.addresses import normalise_address, shown_name
from bot.ground.normalise import tidy

_ID = re.compile(r"<([^<>\s\x00-\x1f\x7f]{1,250})>")
_BARE_ID = re.compile(r"^[^<>\s@\x00-\x1f\x7f]{1,200}@[^<>\s@\x00-\x1f\x7f]{1,200}$")
_ANGLE = re.compile(r"^(.{0,2000}?)<([^<>\s]{1,300}@[^<>\s]{1,300})>\s*$")
_VIA = re.compile(r"\s+via\s+[^<>]{1,100}$", re.IGNORECASE)
MAX_REFERENCES = 50
_MAX_HEADER = 20_000
_FOLD = re.compile(r"\r?\n[ \t]+")


def _unescape_bytes(text: str) -> str:
    """Header bytes the parser could not read arrive as surrogate escapes: read them as UTF-8,
    else as Windows-1252."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _raw(msg: Message, name: str) -> str | None:
    wanted = name.lower()
    return next((str(v) for k, v in msg.raw_items() if k.lower() == wanted), None)


def header_text(msg: Message, name: str) -> str | None:
    """The decoded value of a header (the first, if repeated), or None if absent."""
    raw = _raw(msg, name)
    if raw is None:
        return None
    if any("\udc80" <= ch <= "\udcff" for ch in raw):  # raw 8-bit bytes: read them ourselves
        return _FOLD.sub(" ", _unescape_bytes(raw[:_MAX_HEADER])).strip()
    try:
        text = str(msg.get(name))
    except Exception:  # a header the registry cannot parse: its raw form
        text = _FOLD.sub(" ", raw).strip()
    return text[:_MAX_HEADER]


def address_list(value: str | None) -> tuple[str, ...]:
    """Every plausible address in a header value, normalised, in order, once each."""
    if not value:
        return ()
    found: list[str] = []
    for _name, address in getaddresses([value]):
        normal = normalise_address(address)
        if normal and normal not in found:
            found.append(normal)
    return tuple(found)


def _decoded(name: str) -> str:
    """RFC 2047 words in a name (also inside an `addr (Name)` comment), decoded."""
    if "=?" not in name:
        return name
    with contextlib.suppress(Exception):  # an encoded word no decoder reads stays as written
        return str(make_header(decode_header(name)))
    return name


def _named(value: str | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, address in getaddresses([value or ""]):
        normal = normalise_address(address)
        if normal:
            pairs.append((tidy(_decoded(name), max_length=200), normal))
    return pairs


def _named_raw(msg: Message, name: str) -> list[tuple[str, str]]:
    """The pairs of a header as written: the parsed value drops the old `addr (Name)`
    comment form's name, the raw one keeps it."""
    raw = _raw(msg, name)
    if raw is None:
        return []
    parsed = _named(header_text(msg, name))
    if parsed and parsed[0][0]:
        return parsed
    written = _named(_FOLD.sub(" ", _unescape_bytes(raw[:_MAX_HEADER])))
    return written if written and written[0][0] else parsed


def _last_angle_address(msg: Message, name: str) -> list[tuple[str, str]]:
    """What mail clients fall back on for a From: no parser accepts: the last `<address>`,
    and the words before it as the name."""
    raw = _FOLD.sub(" ", _unescape_bytes(_raw(msg, name) or ""))
    with contextlib.suppress(Exception):  # some mailers encode all of "Name <address>"
        raw = str(make_header(decode_header(raw)))
    found = _ANGLE.search(raw)
    address = normalise_address(found.group(2)) if found else None
    if found is None or address is None:
        return []
    return [(tidy(found.group(1).strip().strip('"'), max_length=200), address)]


def sender(msg: EmailMessage, list_post: str | None) -> tuple[str, str] | None:
    """(address, display name) of the person who wrote the post."""
    found = _named_raw(msg, "From") or _last_angle_address(msg, "From")
    if not found:
        found = _named_raw(msg, "Sender")
    if not found:
        return None
    name, address = found[0]
    if list_post and address.lower() == list_post.lower():
        for header in ("X-Original-From", "Reply-To", "Cc"):
            person = [p for p in _named_raw(msg, header) if p[1] != address]
            if person:
                original_name, address = person[0]
                name = original_name or name
                break
    name = shown_name(_VIA.sub("", name).strip())
    return address, name or shown_name(address)


def message_ids(value: str | None) -> tuple[str, ...]:
    """Message-IDs in a header, without angle brackets; References keeps its first (the
    thread's root) and its last MAX_REFERENCES - 1."""
    if not value:
        return ()
    ids = list(dict.fromkeys(_ID.findall(value)))
    if not ids and _BARE_ID.match(value.strip()):
        ids = [value.strip()]
    if len(ids) > MAX_REFERENCES:
        ids = ids[:1] + ids[-(MAX_REFERENCES - 1) :]
    return tuple(ids)
