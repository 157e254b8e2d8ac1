"""The lines mail clients put before what they quote, as one table per style.

A reply says who wrote what it quotes: "On Tue, Jan 12, 2027 at 9:00 AM Ana <ana@x.org>
wrote:" (Gmail, Thunderbird, Apple Mail's "On 12 Jan 2027, at 09:00, Ana wrote:"), Gnus's
"At 10:13, Ana wrote:" / "Yesterday at 15:02, Ana wrote:" / "Ana <ana@x.org> writes:", and
the same in French, Spanish, German, Italian, Portuguese and Dutch. Outlook writes a block
instead: "-----Original Message-----", or "From: …" with "Sent: …" below it. quotes.py cuts
them; paragraphs.py never joins one into the prose above it. Every pattern is anchored to one
line and bounded, so hostile input costs linear time. Add a style by adding a row.
"""

from __future__ import annotations

import re

_ANY = r".{0,300}"

# (style, pattern of the whole line, without the final colon and spaces)
ATTRIBUTIONS: tuple[tuple[str, str], ...] = (
    ("gnus-day", rf"(?:yesterday|today|on\s\w{{1,12}}day)\s+at\s{_ANY}\s(?:wrote|writes)"),
    ("gnus-at", rf"at\s{_ANY}\s(?:wrote|writes|said)"),
    ("english-on", rf"on\s{_ANY}\s(?:wrote|writes|said)"),
    ("english", rf"{_ANY}\s(?:wrote|writes)"),
    ("french", rf"{_ANY}\sa\s+[ée]crit"),
    ("spanish", rf"{_ANY}\sescribi[óo]"),
    ("german-am", rf"am\s{_ANY}\sschrieb{_ANY}"),
    ("german", rf"{_ANY}\sschrieb(?:\s+am\s{_ANY})?"),
    ("italian", rf"{_ANY}\sha\s+scritto"),
    ("portuguese", rf"{_ANY}\sescreveu"),
    ("dutch", rf"{_ANY}\sschreef{_ANY}"),
)
_LINE = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<s{n}>{p})" for n, (_, p) in enumerate(ATTRIBUTIONS)) + r")\s*:\s*$",
    re.IGNORECASE,
)
# The first line of an attribution a client wrapped over two lines.
_START = re.compile(r"^\s*(?:on|le|el|am|il|em|op|at|yesterday|today)\s\S", re.IGNORECASE)

# Outlook and webmail: a separator line before the quoted original.
ORIGINALS: tuple[str, ...] = (
    "original message",
    "forwarded message",
    "ursprüngliche nachricht",
    "weitergeleitete nachricht",
    "message d'origine",
    "message transféré",
    "mensaje original",
    "mensaje reenviado",
    "messaggio originale",
    "messaggio inoltrato",
    "mensagem original",
    "mensagem encaminhada",
    "oorspronkelijk bericht",
)
ORIGINAL = re.compile(
    r"^\s*-{3,}\s*(?:" + "|".join(re.escape(o) for o in ORIGINALS) + r")\s*-{3,}\s*$",
    re.IGNORECASE,
)
# Outlook's header block: "From:" and, within three lines, "Sent:" (or a translation).
HEADER_FROM = re.compile(r"^\s*\**(?:from|de|von|da|van)\s*\**\s*:\s*\**\s*\S", re.IGNORECASE)
HEADER_SENT = re.compile(
    r"^\s*\**(?:sent|date|envoy[ée]|gesendet|datum|enviado(?:\s+el)?|enviada|fecha|inviato"
    r"|data|verzonden)\s*\**\s*:",
    re.IGNORECASE,
)

# The other lines of that block; none of its lines is prose to join.
HEADER_OTHER = re.compile(
    r"^\s*\**(?:to|cc|subject|objet|betreff|asunto|an|para|oggetto|assunto|aan|onderwerp"
    r"|à|a|cc)\s*\**\s*:",
    re.IGNORECASE,
)


def header_line(line: str) -> bool:
    """A line of an Outlook-style quoted header block ("From: …", "Sent: …", "To: …") or its
    "-----Original Message-----" separator."""
    return any(p.match(line) for p in (ORIGINAL, HEADER_FROM, HEADER_SENT, HEADER_OTHER))


def attribution(line: str) -> str | None:
    """The style of an attribution line ("english", "gnus-day", …), or None."""
    if len(line) > 1000:
        return None
    found = _LINE.match(line)
    if found is None:
        return None
    index = next(int(k[1:]) for k, v in found.groupdict().items() if v is not None)
    return ATTRIBUTIONS[index][0]


def starts_attribution(line: str, following: str) -> bool:
    """`line` is the first half of an attribution wrapped over two lines."""
    return (
        bool(_START.match(line)) and attribution(f"{line.rstrip()} {following.strip()}") is not None
    )


def introduces_quote(line: str, following: str) -> bool:
    """`line` is (or begins) an attribution: it keeps its own line."""
    return attribution(line) is not None or starts_attribution(line, following)
