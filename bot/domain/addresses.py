"""Email addresses as identities: one spelling per mailbox, and nothing that could smuggle a
second recipient or a header into a message. Pure rules, so the core's parser can name an
email-only person (`/wg sponsor alice@example.org`); the email front end imports them from
bot/frontends/email/addresses.py.

The identity of a person on the email platform is their address lower-cased, the domain
IDNA-encoded. RFC 5321 lets a receiving server treat `Alice@` and `alice@` as two mailboxes;
no mail service people use does, while people write their address both ways: one spelling is
what lets a reply from `Alice@example.org` answer the nudge sent to `alice@example.org`.

Only the plain `local@domain` form (optionally inside `Name <…>`) is accepted: quoted local
parts, IP literals, comments and source routes are legal but serve nobody here and are
where header-injection and recipient-smuggling tricks live.
"""

from __future__ import annotations

import re
import unicodedata

MAX_ADDRESS = 254  # RFC 5321 path limit less the angle brackets
MAX_LOCAL = 64
MAX_LABEL = 63

# RFC 5322 atext: the dot-atom local part, nothing quoted.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_ANGLE = re.compile(r"^[^<>]*<([^<>]*)>$")


class InvalidAddress(ValueError):
    """An address the bot will not use; the message says why in one line."""


def parse_address(raw: str) -> str:
    """The normalised address, or InvalidAddress saying what is wrong with it."""
    text = raw.strip()
    if not text:
        raise InvalidAddress("an email address is empty")
    if len(text) > 2 * MAX_ADDRESS:
        raise InvalidAddress(f"an email address is at most {MAX_ADDRESS} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise InvalidAddress("an email address cannot hold line breaks or control characters")
    angle = _ANGLE.match(text)
    if angle:
        text = angle.group(1).strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    if any(c in text for c in ' ,;<>()[]"\\'):
        raise InvalidAddress(
            "write one plain address like name@example.org (no spaces, quotes, commas or brackets)"
        )
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise InvalidAddress("an email address looks like name@example.org")
    if "@" in local:
        raise InvalidAddress("an email address has exactly one @")
    if len(local) > MAX_LOCAL:
        raise InvalidAddress(f"the part before the @ is at most {MAX_LOCAL} characters")
    if not _LOCAL.match(local):
        raise InvalidAddress(
            "the part before the @ may hold letters, digits, dots (not two in a row, not at "
            "either end) and !#$%&'*+/=?^_`{|}~-"
        )
    domain = _domain(domain)
    address = f"{local.lower()}@{domain}"
    if len(address) > MAX_ADDRESS:
        raise InvalidAddress(f"an email address is at most {MAX_ADDRESS} characters")
    return address


def _domain(raw: str) -> str:
    name = raw.rstrip(".").lower()
    if any(unicodedata.category(c)[0] in "CZ" for c in name):  # IDNA would drop them silently
        raise InvalidAddress(f"{raw[:60]!r} is not a valid domain name (invisible characters)")
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidAddress(f"{raw[:60]!r} is not a valid domain name") from None
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise InvalidAddress("the domain needs a dot, like example.org")
    for label in labels:
        if len(label) > MAX_LABEL or not _LABEL.match(label):
            raise InvalidAddress(f"{raw[:60]!r} is not a valid domain name")
    if labels[-1].isdigit():
        raise InvalidAddress("write a domain name, not an IP address")
    return ascii_name


def normalise_address(raw: str) -> str | None:
    """The identity spelling of an address (lower-cased), or None when it is not one the bot
    will use (parse_address says why)."""
    try:
        return parse_address(raw)
    except InvalidAddress:
        return None


def address_domain(address: str) -> str:
    return address.rpartition("@")[2]


# An address in a name ("ana@example.org", "Ana <ana@example.org>"), and pipermail's
# obfuscated form of a whole name ("ana at example.org").
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}"
_DOTTED = r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+"
_BRACKETED = re.compile(rf"\s*<{_ATOM}@{_DOTTED}>")
_IN_NAME = re.compile(rf"({_ATOM})@{_DOTTED}")
_OBFUSCATED = re.compile(rf"({_ATOM})\s+at\s+{_DOTTED}")


def shown_name(name: str) -> str:
    """A name as a draft or chat reply may print it: every address in it (also pipermail's
    `user at domain`) shortened to its local part, so a full address is never shown."""
    text = " ".join(name.split()).strip(" \"'")
    without = _BRACKETED.sub("", text).strip(" \"'")
    text = without or text
    whole = _OBFUSCATED.fullmatch(text)
    if whole:
        return whole.group(1)
    return _IN_NAME.sub(lambda m: m.group(1), text).strip("<> ")
