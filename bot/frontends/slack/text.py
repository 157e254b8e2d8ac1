"""Slack's text crossing, both ways, in one place.

IN (`decode`): Slack's wire format (slash commands sent with `should_escape: true`, message
events, conversations.history) becomes neutral text. Entities `&amp; &lt; &gt;` are decoded
once; `<@U1|ana>` becomes a mention token for command text (the core's USER parameters need
the id) or `@ana` elsewhere; `<#C1|general>` → `#general`; `<!subteam^S1|@team>` → `@team`;
`<!channel>`/`<!here>`/`<!everyone>` → `@channel`/`@here`/`@everyone` (plain words);
`<https://x|label>` → `label (https://x)`: a label never hides its address.

OUT (`mrkdwn`): every piece of neutral text the bot shows in mrkdwn (Block Kit sections and
fields, the fallback `text`) has `&`, `<` and `>` escaped, so no user text can form a
mention, a broadcast or a link; broadcast words get a word joiner (`@\u2060channel`) so no
client or `link_names` setting turns them into one either. The only live mentions are the
ones the bot means (`Reply.mentions`, rendered by `live_mentions`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.neutral import BROADCAST, BROADCAST_WORDS, mention_token

# One Slack entity: <…> holds no raw < or > (Slack escapes those in user text).
_ENTITY = re.compile(r"<([^<>]*)>")
_ESCAPED = re.compile(r"&(amp|lt|gt);")
_UNESCAPE = {"amp": "&", "lt": "<", "gt": ">"}
_SLACK_ID = re.compile(r"^[A-Z0-9]+$")

NameOf = Callable[[str], str]


def unescape(text: str) -> str:
    """`&amp;lt;` → `&lt;`: one pass, never decoded twice."""
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(1)], text)


def _link(target: str, label: str) -> str:
    address = target.removeprefix("mailto:") if target.startswith("mailto:") else target
    if not label or label in (target, address) or label.rstrip("/") == target.rstrip("/"):
        return address
    # Slack shows `<http://example.org|example.org>` for a typed bare domain: no disguise.
    bare = re.sub(r"^https?://", "", target).rstrip("/")
    if label.rstrip("/") == bare:
        return target
    return f"{label} ({address})"


def _entity(inner: str, *, tokens: bool, name_of: NameOf | None) -> str:
    target, _, label = inner.partition("|")
    target, label = unescape(target), unescape(label).strip()
    if target.startswith("@"):
        user_id = target[1:]
        name = label or (name_of(user_id) if name_of and _SLACK_ID.match(user_id) else "")
        return mention_token(user_id, name) if tokens else "@" + (name or user_id)
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        special = target[1:]
        if special.startswith("subteam^"):
            return label if label.startswith("@") else "@" + (label or "group")
        if special in BROADCAST_WORDS:
            return "@" + special
        if special.startswith("date^"):
            return label or special.split("^")[-1]
        return label or "@" + special
    if ":" in target:  # https:, mailto:, tel:, slack: …
        return _link(target, label)
    return unescape("<" + inner + ">")  # not an entity: what the person typed


def decode(text: str, *, tokens: bool = False, name_of: NameOf | None = None) -> str:
    """Slack's wire text as neutral text. `tokens`: people as mention tokens (command text);
    otherwise as `@name`, looked up with `name_of` when Slack sent only the id."""
    out: list[str] = []
    last = 0
    for match in _ENTITY.finditer(text):
        out.append(unescape(text[last : match.start()]))
        out.append(_entity(match.group(1), tokens=tokens, name_of=name_of))
        last = match.end()
    out.append(unescape(text[last:]))
    return "".join(out)


def command_text(text: str) -> str:
    """A slash command's text for the core's parser: people stay mention tokens."""
    return decode(text, tokens=True)


def message_text(text: str, name_of: NameOf | None = None) -> str:
    """A message's text (events, history) as the discussion record and /summarize read it."""
    return decode(text, name_of=name_of)


def mrkdwn(text: str) -> str:
    """Neutral text made inert for mrkdwn: all of it is what it says, nothing is live."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return BROADCAST.sub(lambda m: "@\u2060" + m.group(1), escaped)


def plain(text: str) -> str:
    """plain_text objects show text as it is (Slack parses no entity there); broadcast words
    still get their word joiner, as the same words may be copied into a message."""
    return BROADCAST.sub(lambda m: "@\u2060" + m.group(1), text)


def live_mentions(user_ids: tuple[str, ...]) -> str:
    """The mentions the bot itself means: the only `<@…>` it ever sends."""
    return " ".join(f"<@{uid}>" for uid in user_ids if _SLACK_ID.match(uid))
