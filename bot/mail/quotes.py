"""What a person wrote in a list post, without what they quoted or signed.

Written here rather than taken from mail-parser-reply (MIT, kept up): on real list shapes it
kept the `>` lines of an interleaved reply, missed the Spanish "El … escribió:" header and the
`-- ` signature delimiter. This module cuts, in order: Mailman's list footer, an Outlook-style
forwarded block ("-----Original Message-----", "From: … Sent: …" and what follows it), the
attribution line (bot/mail/attributions.py: its table of styles and languages, also wrapped
over two lines), every `>`
quoted line (the person's inline answers between them stay), the `-- ` signature and mobile
"Sent from my …" lines. Every pattern is anchored to one line, so hostile input costs linear
time.
"""

from __future__ import annotations

import re

from bot.mail.attributions import (
    HEADER_FROM,
    HEADER_SENT,
    ORIGINAL,
    attribution,
    starts_attribution,
)

# Mailman 2: "_____…\nBPF mailing list\n…"; Mailman 3: "_____…\nbpf mailing list -- bpf@…".
_FOOTER_RULE = re.compile(r"^_{20,}\s*$")
_FOOTER_TEXT = re.compile(r"mailing list|unsubscribe|listinfo", re.IGNORECASE)
# Outlook puts a line of underscores before its "From: … Sent: …" block.
_RULE = re.compile(r"^\s*_{10,}\s*$")
_SIGNATURE = re.compile(r"^-- ?$")
_MOBILE = re.compile(
    r"^\s*(?:sent from my\s.{1,60}|sent from (?:outlook|mail) for\s.{1,40}|get outlook for\s.{1,40}"
    r"|envoy[ée] de mon\s.{1,60}|enviado desde mi\s.{1,60}|von meinem\s.{1,60}\sgesendet"
    r"|gesendet von meinem\s.{1,60})\s*$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"^\s{0,3}>")
_BLANKS = re.compile(r"\n{3,}")


def _footer_start(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if _FOOTER_RULE.match(line) and any(_FOOTER_TEXT.search(n) for n in lines[i + 1 : i + 4]):
            return i
    return None


def _outlook_start(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if ORIGINAL.match(line):
            return i
        if HEADER_FROM.match(line) and any(HEADER_SENT.match(n) for n in lines[i + 1 : i + 4]):
            return i - 1 if i and _RULE.match(lines[i - 1]) else i
    return None


def _quote_follows(lines: list[str]) -> list[bool]:
    """For each line: the next line with words is quoted, or there is none (one pass)."""
    follows = [True] * len(lines)
    answer = True
    for i in range(len(lines) - 1, -1, -1):
        follows[i] = answer
        if lines[i].strip():
            answer = bool(_QUOTED.match(lines[i]))
    return follows


def _drop_wrote_lines(lines: list[str]) -> list[str]:
    """Drop "On … wrote:" lines that introduce a quote, also when a mail client wrapped one
    over two lines; "As Ana wrote:" before the writer's own words stays."""
    follows = _quote_follows(lines)
    out: list[str] = []
    skip_next = False
    for i, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        if follows[i] and attribution(line):
            continue
        if i + 1 < len(lines) and follows[i + 1] and starts_attribution(line, lines[i + 1]):
            skip_next = True
            continue
        out.append(line)
    return out


def strip_footer(text: str) -> str:
    """Text without Mailman's list footer (and whatever the list appended after it)."""
    lines = text.split("\n")
    start = _footer_start(lines)
    return "\n".join(lines if start is None else lines[:start])


def strip_reply(text: str) -> str:
    """The new words of a post: no list footer, quoted original, signature or mobile line."""
    lines = strip_footer(text).split("\n")
    start = _outlook_start(lines)
    if start is not None:
        lines = lines[:start]
    lines = [line for line in _drop_wrote_lines(lines) if not _QUOTED.match(line)]
    signature = next((i for i in range(len(lines) - 1, -1, -1) if _SIGNATURE.match(lines[i])), None)
    if signature is not None:
        lines = lines[:signature]
    lines = [line.rstrip() for line in lines if not _MOBILE.match(line)]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
