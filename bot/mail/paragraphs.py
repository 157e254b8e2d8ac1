"""Plain-text mail as its writer wrote it: the lines of one paragraph joined again.

Mail clients hard-wrap plain text at about 72 columns, so a physical line is often half a
sentence; a sentence splitter that trusts line breaks quotes fragments under a person's name.
`unwrap` is the one place that undoes it; every reader of mail text (the offline drafter, its
citations, the text sent to a model) sees its result, because the text is unwrapped where mail
becomes text (bot/mail/body.py for plain parts, bot/record/reading.py for mail kept before).
Chat messages never pass here: their line breaks are deliberate.

A line break is the wrapper's when the next line's first word would have fitted on the line
(the classic "would it fit" test against the message's own wrap width). These never join:
blank lines, list items, indented or fenced code, quoted (`>`) lines, the line before a quote
(an attribution), and everything after a `-- ` signature delimiter. format=flowed text is
unflowed before (body.py) and quoted-printable soft breaks are gone after decoding, so both
arrive here as whole paragraphs and nothing in them joins.
"""

from __future__ import annotations

import re

from bot.mail.attributions import header_line, introduces_quote

_LIST_ITEM = re.compile(r"^\s{0,6}(?:[-*+•–]|\d{1,3}[.)]|[a-zA-Z][.)]|\(\w{1,3}\))\s+\S")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_CODE = re.compile(r"^(?: {4}|\t)")
_QUOTED = re.compile(r"^\s{0,3}>")
_SIGNATURE = re.compile(r"^-- ?$")
_RULE = re.compile(r"^\s*(?:[-_=*#~]{3,}|\S*[-_=*#~]{5,}\S*)\s*$")
MIN_WIDTH = 50  # narrower than this is not a wrap width: short lines are deliberate
MAX_WIDTH = 100  # lines longer than this are paragraphs already (or URLs): not the width


def wrap_width(lines: list[str]) -> int | None:
    """The width the message was wrapped at: its longest ordinary line, when that looks like a
    wrap width; None when the text was not hard-wrapped."""
    lengths = [len(line.rstrip()) for line in lines if line.strip() and not _QUOTED.match(line)]
    usual = [n for n in lengths if n <= MAX_WIDTH]
    if len(usual) < 2:
        return None
    width = max(usual)
    return width if width >= MIN_WIDTH else None


def _barrier(line: str) -> bool:
    """A line that never joins with its neighbours."""
    return (
        not line.strip()
        or bool(_QUOTED.match(line) or _CODE.match(line) or _FENCE.match(line))
        or bool(_SIGNATURE.match(line) or _RULE.match(line))
        or header_line(line)
    )


def _wrapped(previous: str, line: str, width: int) -> bool:
    """Was the break between these two lines the wrapper's? The first word of `line` would
    have fitted on `previous` otherwise. A short line after a finished sentence ("Best,",
    "Thanks to all.") stays its own: joined or not, no sentence is cut there."""
    first_word = line.split(None, 1)[0]
    finished = previous.rstrip()[-1:] in (".", "!", "?")
    if finished and len(line.strip()) < width // 2:
        return False
    return len(previous.rstrip()) + 1 + len(first_word) > width - 1


def unwrap(text: str) -> str:
    """Hard-wrapped paragraphs of plain-text mail joined into one line each; everything else
    (blank lines, lists, code, quotes, attributions, signatures) exactly as it was."""
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    out: list[str] = []
    joinable = False  # may the next line join the last line of `out`?
    previous = ""  # the last physical line (the wrap test is against it, not the join)
    in_fence = False
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _SIGNATURE.match(line):
            return "\n".join([*out, *lines[i:]])
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            joinable = False
            continue
        own_line = bool(_QUOTED.match(following)) or introduces_quote(line, following)
        if in_fence or _barrier(line) or own_line:
            out.append(line)
            joinable = False
            continue
        item = bool(_LIST_ITEM.match(line))
        if joinable and not item and _wrapped(previous, line, width):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
        previous, joinable = line, True
    return "\n".join(out)
