"""The one input boundary: every value a person typed passes here before it is validated.

Unicode is normalised (NFC); control characters are refused (PostgreSQL refuses NUL bytes,
so SQLite must never see one either); invisible format characters (zero-width, bidi
overrides and isolates, BOM, tag characters) are removed from names and identifiers and kept
in prose only where they do visible work (joiners inside emoji and scripts, direction marks);
text that is blank after that counts as missing. Numbers are plain ASCII digits within a
declared range. Duplicates are compared on `compare_key`, which sees through look-alikes.
"""

from __future__ import annotations

import re
import unicodedata

from bot.ground.errors import UsageError

# The longest value accepted anywhere (a command line, an option, a form field): Slack caps a
# slash command's text at 4,000 characters, Discord a modal field at 4,000.
MAX_INPUT = 4000
# What errors quote of the input: enough to recognise it, never the whole of it.
EXCERPT = 40
# The largest number any parameter may declare: PostgreSQL's INTEGER.
MAX_INT = 2**31 - 1

_NEWLINES = ("\r\n", "\r", "\x85", "\u2028", "\u2029")
_ALLOWED_CONTROLS = frozenset("\t\n")
# What the core writes before a command's name (bot/core/command_ref.py): never in typed text.
COMMAND_MARK = "\ue000"
# Format characters that carry meaning in prose: joiners (emoji sequences, Indic and Persian
# scripts) and direction marks (they move no text, unlike overrides and isolates).
_PROSE_FORMAT = frozenset("\u200c\u200d\u200e\u200f\u061c")
# Invisible, though not of category Cf (Unicode's Default_Ignorable_Code_Point beyond Cf):
# Hangul fillers, braille blank, combining grapheme joiner, Khmer inherent vowels.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5")
_VISIBLE_CATEGORIES = ("L", "N", "P", "S", "Co")
_ALL_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"-?[0-9]+", re.ASCII)


def _is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180D


def _ignorable(ch: str) -> bool:
    """Renders as nothing: format characters, invisible fillers, variation selectors."""
    return (
        unicodedata.category(ch) == "Cf"
        or ch in _INVISIBLE
        or _is_variation_selector(ch)
        or 0xFFF0 <= ord(ch) <= 0xFFF8
    )


def _visible(ch: str) -> bool:
    return unicodedata.category(ch).startswith(_VISIBLE_CATEGORIES) and ch not in _INVISIBLE


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A short, single-line excerpt of user input for an error message (truncated with …)."""
    flat = _ALL_SPACE.sub(" ", text).strip().replace("`", "'")
    flat = "".join(ch for ch in flat if ch.isprintable() and not _ignorable(ch))
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def quoted(text: str, limit: int = EXCERPT) -> str:
    """`excerpt` in backticks, as errors quote what was typed."""
    return f"`{excerpt(text, limit)}`"


def refuse_controls(text: str, what: str) -> None:
    """UsageError naming the first control character (NUL, escape, a lone surrogate …)."""
    for ch in text:
        category = unicodedata.category(ch)
        if (category == "Cc" and ch not in _ALLOWED_CONTROLS) or category == "Cs":
            raise UsageError(
                f"{what} contains a control character (U+{ord(ch):04X}): type plain text "
                "without it."
            )


def _unify_newlines(text: str) -> str:
    for newline in _NEWLINES:
        text = text.replace(newline, "\n")
    return text


def _drop_format(text: str, *, prose: bool) -> str:
    """Remove invisible characters; in prose keep joiners and direction marks that sit next to
    visible text, and variation selectors right after it (emoji presentation)."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if not _ignorable(ch):
            out.append(ch)
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if _is_variation_selector(ch):
            if before and _visible(before):
                out.append(ch)
        elif (
            prose
            and ch in _PROSE_FORMAT
            and ((before and _visible(before)) or (after and _visible(after)))
        ):
            out.append(ch)
    return "".join(out)


def is_blank(text: str) -> bool:
    """Nothing visible: spaces, invisible characters and lone combining marks only."""
    return not any(_visible(ch) for ch in text)


def clean_text(raw: str, what: str, *, prose: bool = True, max_length: int = MAX_INPUT) -> str:
    """A typed value, ready for validation: "" when nothing visible is left.

    Prose keeps its line breaks and inner spacing; names and identifiers become one line with
    single spaces. UsageError for control characters and for text longer than `max_length`.
    """
    if len(raw) > 4 * MAX_INPUT:  # refuse before any work proportional to the input
        raise UsageError(f"{what} is {len(raw):,} characters: keep it under {max_length:,}.")
    text = unicodedata.normalize("NFC", _unify_newlines(raw)).replace(COMMAND_MARK, "")
    refuse_controls(text, what)
    text = _drop_format(text, prose=prose)
    if is_blank(text):
        return ""
    text = text.strip() if prose else _ALL_SPACE.sub(" ", text).strip()
    if len(text) > max_length:
        raise UsageError(f"{what} is {len(text):,} characters: keep it under {max_length:,}.")
    return text


def clean_name(raw: str, what: str, *, max_length: int = MAX_INPUT) -> str:
    """A name or identifier: `clean_text` without prose's joiners and line breaks."""
    return clean_text(raw, what, prose=False, max_length=max_length)


def closed_quotes(text: str, what: str) -> str:
    """A name, word or choice with its quotes in pairs: `"BPF Cybersecurity` (the closing
    quote forgotten) would otherwise become part of the name. A name that is one quoted
    string is its inside (as the text parser reads it), whichever front end it came from."""
    if text.count('"') % 2:
        raise UsageError(
            f"{what} has a quote that is not closed: {quoted(text, 30)}. Close it with a "
            'second `"`, or leave the quotes out.'
        )
    if len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in text[1:-1]:
        return text[1:-1].strip()
    return text


def tidy(raw: str, *, prose: bool = False, max_length: int = MAX_INPUT) -> str:
    """For text the platform hands over rather than a person types for this command (display
    names, chat messages): never refused, control characters dropped, cut to `max_length`."""
    text = unicodedata.normalize("NFC", _unify_newlines(raw))
    text = "".join(
        ch for ch in text if ch in _ALLOWED_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    text = _drop_format(text, prose=prose)
    if is_blank(text):
        return ""
    text = text.strip() if prose else _ALL_SPACE.sub(" ", text).strip()
    return text[:max_length]


def compare_key(text: str) -> str:
    """The key duplicates are found by: `I\u200bETF`, `ＩＥＴＦ`, ` ietf ` → `ietf`.

    NFKC (compatibility look-alikes), case-folded, invisible characters removed, spacing
    folded; applied twice because case folding can undo NFKC.
    """
    key = "".join(ch for ch in unicodedata.normalize("NFKC", text) if not _ignorable(ch))
    key = unicodedata.normalize("NFKC", key.casefold())
    key = "".join(ch for ch in key if ch.isprintable() or ch.isspace())
    return _ALL_SPACE.sub(" ", key).strip()


def parse_number(raw: str, what: str, *, low: int | None, high: int | None) -> int:
    """Plain ASCII digits (an optional minus) within [low, high]: `1_0`, `１０`, `1e3` and
    20-digit numbers are answered with one line, never an overflow deeper down."""
    text = raw.strip()
    if not _NUMBER.fullmatch(text):
        raise UsageError(f"{quoted(text, 20)} is not a number for {what}: use digits, like 3.")
    high = MAX_INT if high is None else high
    low = -MAX_INT if low is None else low
    if len(text.lstrip("-")) > len(str(MAX_INT)) or not low <= int(text) <= high:
        if low > -MAX_INT and high < MAX_INT:
            allowed = f"between {low} and {high}"
        else:
            allowed = f"at least {low}" if low > -MAX_INT else f"at most {high}"
        raise UsageError(f"{what} must be {allowed}, not {excerpt(text, 24)}.")
    return int(text)


def parse_id(raw: str) -> int | None:
    """A database id carried in a button value or a link: None unless plain digits that fit."""
    text = raw.strip()
    if not _NUMBER.fullmatch(text) or text.startswith("-") or len(text) > len(str(MAX_INT)):
        return None
    value = int(text)
    return value if 0 < value <= MAX_INT else None
