"""Hostile strings every boundary is tested with (shared: the input boundary in the core, and
the front ends that decode wire formats in and neutralise text out).

Each constant names one kind of attack; `ALL` is every payload, for parametrised tests and as
hypothesis examples.
"""

from __future__ import annotations

# Mentions in every platform's syntax: none may ping anyone the user did not mean.
MENTIONS = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S123|@team>",
    "@everyone",
    "@here",
    "<@U123>",
    "<@U123|Marta Ruiz>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "<#C123|general>",
)
# Links whose label hides their address.
DISGUISED_LINKS = (
    "<https://evil.example|https://igf.org>",
    "[https://igf.org](https://evil.example)",
    "[label](https://evil.example)",
    "<javascript:alert(1)|click>",
)
# Markup control characters (Slack mrkdwn, Discord/GitHub Markdown, HTML).
MARKUP = (
    "*bold* _it_ ~strike~ `code` ```block```",
    "**bold** __under__ ||spoiler|| > quote",
    "# heading\n- item",
    "&lt;b&gt; &amp; <b>html</b> &#x202e;",
    "\\`escaped\\`",
)
# Invisible characters: zero-width, bidi overrides and isolates, BOM, tag characters.
INVISIBLE = (
    "\u200b",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\u202e",
    "\u2066\u2067\u2068\u2069",
    "\u00ad",
    "\U000e0041\U000e0042",
    "\u3164",
    "\u2800",
)
ZERO_WIDTH_ONLY = "\u200b\u200c\u200d\u2060\ufeff"
RTL_OVERRIDE_NAME = "BPF \u202eytiruceS"  # shows as "BPF Security" mirrored
LOOK_ALIKE_IETF = ("I\u200bETF", "ＩＥＴＦ", "ietf", " I.E.T.F. ")
# Control characters: PostgreSQL refuses NUL in text; none is anything a person typed.
CONTROLS = ("a\x00b", "\x00", "\x1b[31mred\x1b[0m", "bell\x07", "\x7f", "c1\x85\x9b")
# Numbers that are not plain decimal digits, or out of any column's range.
NUMBERS = (
    "99999999999999999999",
    "-99999999999999999999",
    "1_0",
    "１０",
    "٣",
    "1e3",
    "0x10",
    "+1",
    " 1 ",
    "²",
    "nan",
    "-0",
    "2147483648",
)
# Oversized input.
LONG = ("x" * 10_000, "word " * 2_000)
ALL = (
    *MENTIONS,
    *DISGUISED_LINKS,
    *MARKUP,
    *INVISIBLE,
    RTL_OVERRIDE_NAME,
    *LOOK_ALIKE_IETF,
    *CONTROLS,
    *NUMBERS,
    *LONG,
)
