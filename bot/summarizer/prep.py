"""Messages → numbered lines the model can cite (`m1`, `m2`, …), with the text made safe to
put between the prompt's delimiters."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.command_ref import unmarked
from bot.core.ports import ChatMessage
from bot.domain.addresses import shown_name

MAX_MESSAGE_CHARS = 4000
_ANGLES = re.compile(r"<{3,}|>{3,}")
_SPACE = re.compile(r"[ \t]*\n[ \t\n]*")


@dataclass(frozen=True)
class Prepared:
    cid: str  # the short id the model cites: m1, m2, …
    message: ChatMessage
    author: str
    stakeholder: str | None
    line: str  # what the model reads

    @property
    def at(self) -> datetime:
        return self.message.at


def new_nonce() -> str:
    """A per-run token in the delimiters, so a message cannot guess and close them."""
    return secrets.token_hex(4)


def clean_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """One line, no delimiter look-alikes, no command marks (bot/core/command_ref.py),
    bounded length."""
    text = _ANGLES.sub(lambda m: m.group(0)[0] * 2, unmarked(text))
    text = _SPACE.sub(" / ", text.strip())
    if len(text) > limit:
        text = text[:limit].rstrip() + " […]"
    return text


def prepare(
    messages: Sequence[ChatMessage],
    stakeholder_of: Callable[[ChatMessage], str | None] = lambda _m: None,
) -> list[Prepared]:
    """Number the messages (bot messages and empty ones left out), oldest first."""
    out: list[Prepared] = []
    for message in sorted(messages, key=lambda m: m.at):
        if message.is_bot or not message.text.strip():
            continue
        cid = f"m{len(out) + 1}"
        stakeholder = stakeholder_of(message)
        # A mail sender with no name is shown by the address's local part, never the address.
        author = clean_text(shown_name(message.user_name or message.user_id), 80)
        who = f"{author} ({stakeholder})" if stakeholder else author
        line = f"[{cid}] {message.at:%Y-%m-%d %H:%M} {who}: {clean_text(message.text)}"
        out.append(Prepared(cid, message, author, stakeholder, line))
    return out


def shorten(item: Prepared, max_bytes: int) -> Prepared:
    """A message too long for any request is cut (and says so) rather than dropped. Cut by
    UTF-8 bytes: no tokenizer makes more tokens than bytes, so the cut line fits any count."""
    if len(item.line.encode("utf-8")) <= max_bytes:
        return item
    keep = max(0, max_bytes - 10)
    line = item.line.encode("utf-8")[:keep].decode("utf-8", "ignore") + " […]"
    return Prepared(item.cid, item.message, item.author, item.stakeholder, line)
