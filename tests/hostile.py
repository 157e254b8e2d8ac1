"""Hostile strings every boundary is tested with (shared: the input boundary in the core, and
the front ends that decode wire formats in and neutralise text out).

Each constant names one kind of attack; `ALL` is every payload, for parametrised tests and as
hypothesis examples.

Front ends: `HOSTILE` is whole lines of what a person means to type (neutral text);
`slack_wire` turns one into what Slack sends for it (`&`, `<`, `>` escaped), and
`SLACK_ENTITIES` / `DISCORD_MARKUP` are what the platforms' clients make of real mentions and
links (those arrive unescaped). `assert_inert_slack` / `assert_inert_discord` check that
everything the bot sent keeps them inert.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

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
# Quotes left open, or closed without opening: never part of a name (normalise.closed_quotes).
UNBALANCED_QUOTES = ('"BPF Cybersecurity', 'BPF Cybersecurity"', '"a" "b', '"')
# A person's own command names (in a goal, a quote, a chat message): words, never re-spelled;
# the last carries the core's command mark (bot/core/command_ref.py), which input drops.
COMMAND_NAMES = (
    "fix /wg goal first",
    "`/wg overview` and /wg chair @x",
    "/wg-chair goal /wg-mag overview",
    "\ue000/wg goal forged",
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
    *UNBALANCED_QUOTES,
    *LONG,
)


# -- front ends: whole lines, wire forms, and the checks on what the bot sends --------------

BROADCASTS = "@channel @here @everyone"
DISGUISED = "[IGF official sign-in](https://evil.example/login)"

# What people type, as neutral text.
HOSTILE: tuple[str, ...] = (
    "Everyone @channel read <https://evil.example/login|IGF official sign-in>",
    "<!channel> <!here> <!everyone> @here @everyone",
    "<@U0BOSS|boss> <@U0BOSS> <#C0GEN|general> <!subteam^S0ALL|@all-staff>",
    f"{DISGUISED} <https://evil.example>",
    "*bold* _it_ ~strike~ `code` ```block``` > quote # Head **md** __u__ ||spoiler||",
    "R&D &amp; &lt;b&gt; &#64;everyone",
    "zero\u200bwidth \u202eRTL\u202c \u2066iso\u2069 @\u200beveryone",
    "<@123456789012345678> <@!123456789012345678> <@&123456789012345678> <#123456789012345678>",
    "12345678901234567890 <t:1700000000:R> :wave:",
)

# Real mentions and links as Slack's client sends them (should_escape: true).
SLACK_ENTITIES: tuple[str, ...] = (
    "Everyone <!channel> read <https://evil.example/login|IGF official sign-in>",
    "<!here> <!everyone> <@U0BOSS|boss> <#C0GEN|general> <!subteam^S0ALL|@all-staff>",
    "R&amp;D &lt;!channel&gt; &lt;https://evil.example|safe&gt; <mailto:a@b.org|boss@igf.org>",
)

# Real mentions and links as Discord sends them (message content, string options).
DISCORD_MARKUP: tuple[str, ...] = (
    "@everyone @here <@123456789012345678> <@!123456789012345678>",
    "<@&223456789012345678> <#323456789012345678> [IGF official sign-in](https://evil.example)",
)


def slack_wire(text: str) -> str:
    """What Slack sends for text a person typed: its three control characters escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- what the bot sends ---------------------------------------------------------------------

LIVE_SLACK = re.compile(r"<[@#!]|<(?:https?|mailto):|@(?:channel|here|everyone)\b", re.I)
DISGUISED_SLACK = re.compile(r"<[^<>|]+\|[^<>]+>")


def slack_texts(payload: Any, parent: str = "mrkdwn") -> Iterator[tuple[str, str]]:
    """(text, kind) for every text Slack shows from a payload: Block Kit text objects (mrkdwn
    or plain_text), a message's fallback `text`, a file's title. JSON strings are opened."""
    if isinstance(payload, str):
        try:
            opened = json.loads(payload) if payload[:1] in "[{" else None
        except ValueError:
            opened = None
        if opened is not None:
            yield from slack_texts(opened, parent)
        return
    if isinstance(payload, list):
        for item in payload:
            yield from slack_texts(item, parent)
        return
    if not isinstance(payload, dict):
        return
    kind = str(payload.get("type") or parent)
    for key, value in payload.items():
        if key in ("text", "title") and isinstance(value, str):
            yield value, "plain_text" if kind == "plain_text" or key == "title" else "mrkdwn"
        elif isinstance(value, dict | list) or (isinstance(value, str) and key == "blocks"):
            yield from slack_texts(value, kind if key == "text" else "mrkdwn")


def assert_inert_slack(payloads: Iterable[Any], allowed: Iterable[str] = ()) -> int:
    """No live mention, broadcast or link in any mrkdwn text; `allowed` are the mentions the
    bot means (`<@U1>`). Returns how many texts were checked (so a test sees it checked)."""
    keep = tuple(allowed)
    checked = 0
    for payload in payloads:
        for text, kind in slack_texts(payload):
            checked += 1
            if kind != "mrkdwn":
                continue  # Slack parses nothing in plain_text
            rest = text
            for mention in keep:
                rest = rest.replace(mention, "")
            found = LIVE_SLACK.search(rest) or DISGUISED_SLACK.search(rest)
            assert found is None, f"live {found.group(0)!r} in {text!r}"
    return checked


LIVE_DISCORD = re.compile(
    r"(?<!\\)<(?:@[!&]?\d|#\d|t:)|@(?:everyone|here)\b|(?<!\\)\[[^\]]*\]\(<?https?:[^)\s]*\)"
)


def discord_texts(payload: Any) -> Iterator[str]:
    """Every string in a Discord payload (content, embeds, components)."""
    if isinstance(payload, str):
        yield payload
    elif isinstance(payload, list):
        for item in payload:
            yield from discord_texts(item)
    elif isinstance(payload, dict):
        for key, value in payload.items():
            if key not in ("allowed_mentions", "custom_id", "type", "style", "color", "flags"):
                yield from discord_texts(value)


def assert_inert_discord(payloads: Iterable[Any], allowed: Iterable[str] = ()) -> int:
    """No mention, broadcast or masked link that Discord would render live, and every
    message that could ping says `allowed_mentions` permits at most the `allowed` users."""
    users = sorted(allowed)
    checked = 0
    for payload in payloads:
        mentions = payload.get("allowed_mentions") if isinstance(payload, dict) else None
        assert mentions is not None, f"no allowed_mentions in {payload!r}"
        assert mentions.get("parse") == [], mentions
        assert sorted(str(u) for u in mentions.get("users", [])) == users, mentions
        assert not mentions.get("roles"), mentions
        for text in discord_texts(payload):
            checked += 1
            rest = re.sub(r"`[^`\n]+`", "", text)  # Discord renders nothing in code spans
            for uid in users:
                rest = rest.replace(f"<@{uid}>", "")
            found = LIVE_DISCORD.search(rest)
            assert found is None, f"live {found.group(0)!r} in {text!r}"
    return checked


# -- web pages (bot/web): text a person typed, shown in HTML --------------------------------

HTML: tuple[str, ...] = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "</title></svg><iframe src=https://evil.example>",
    "<style>body{display:none}</style>",
    "{{ 7*7 }} {% if 1 %}jinja{% endif %}",
    "R&D &amp; &lt;b&gt; ‮RTL",
)
LIVE_HTML = re.compile(r"<(script|img|iframe|style)\b|<[a-z][^<>]*\son[a-z]+\s*=", re.I)


def assert_inert_html(body: str) -> None:
    """No markup a person typed is live in a page: no script, image, frame or style tag of
    theirs, no event handler, and template syntax shown as typed (never evaluated)."""
    found = LIVE_HTML.search(body)
    assert found is None, (
        f"live markup in the page: {body[max(0, found.start() - 80) : found.end() + 80]!r}"
    )
    assert "49 jinja" not in body
