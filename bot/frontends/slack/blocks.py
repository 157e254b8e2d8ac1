"""The neutral Reply as Block Kit, split below Slack's limits instead of failing with
`msg_too_long` / `invalid_blocks`: at most 3,000 characters a section, 10 fields a section,
25 buttons an actions block, 50 blocks a message (100 on a Home tab)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.core.messages import Button, ButtonStyle, Reply, Tone
from bot.frontends.slack.text import live_mentions, mrkdwn, plain

Block = dict[str, Any]

MAX_SECTION_CHARS = 3000
MAX_FIELD_CHARS = 2000
MAX_FIELDS = 10
MAX_HEADER_CHARS = 150
MAX_BUTTONS = 25
MAX_BUTTON_LABEL = 75
MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_FALLBACK_CHARS = 3000

TONE_EMOJI = {
    Tone.ERROR: ":x: ",
    Tone.WARNING: ":warning: ",
    Tone.SUCCESS: ":white_check_mark: ",
    Tone.INFO: "",
}


@dataclass(frozen=True)
class SlackMessage:
    """One message to post: Block Kit plus the plain-text fallback (notifications, old clients)."""

    text: str
    blocks: list[Block]


def escape(text: str) -> str:
    """Neutral text as inert mrkdwn (see text.mrkdwn): no user text is ever live."""
    return mrkdwn(text)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chunk_lines(lines: Iterable[str], limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Join lines into chunks of at most `limit` characters, breaking between lines and
    inside a line only when one line alone is too long."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def _mrkdwn(text: str) -> Block:
    """verbatim: Slack auto-links nothing in it (no #channel, @here or URL parsing)."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def _button(button: Button) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": _truncate(plain(button.label), MAX_BUTTON_LABEL)},
        "action_id": button.action_id,
        "value": button.value,
    }
    if button.style is not ButtonStyle.DEFAULT:
        element["style"] = button.style.value
    return element


def reply_blocks(reply: Reply) -> list[Block]:
    """Every block of a reply, in order, each within its own limits."""
    blocks: list[Block] = []
    if reply.title:
        blocks.append(
            {
                "type": "header",
                "text": {
                    "type": "plain_text",
                    "text": _truncate(plain(reply.title), MAX_HEADER_CHARS),
                },
            }
        )
    text = TONE_EMOJI[reply.tone] + escape(reply.text) if reply.text else ""
    if reply.mentions:
        text = f"{live_mentions(reply.mentions)} {text}".strip()
    blocks.extend(_section(chunk) for chunk in chunk_lines(text.split("\n")))
    fields = [
        _mrkdwn(_truncate(f"*{escape(f.label)}*\n{escape(f.value)}", MAX_FIELD_CHARS))
        for f in reply.fields
    ]
    for start in range(0, len(fields), MAX_FIELDS):
        blocks.append({"type": "section", "fields": fields[start : start + MAX_FIELDS]})
    for section in reply.sections:
        lines = [f"*{escape(section.heading)}*", *(escape(line) for line in section.lines)]
        blocks.extend(_section(chunk) for chunk in chunk_lines(lines))
    buttons = [_button(b) for b in reply.buttons]
    for start in range(0, len(buttons), MAX_BUTTONS):
        blocks.append({"type": "actions", "elements": buttons[start : start + MAX_BUTTONS]})
    return blocks


def fallback_text(reply: Reply) -> str:
    """The notification and screen-reader text: mrkdwn too, so escaped like the blocks."""
    head = f"{reply.title}: {reply.text}" if reply.title else reply.text
    mentions = live_mentions(reply.mentions)
    text = TONE_EMOJI[reply.tone] + escape(head)
    return _truncate(f"{mentions} {text}" if mentions else text, MAX_FALLBACK_CHARS)


def render(reply: Reply, max_blocks: int = MAX_BLOCKS) -> list[SlackMessage]:
    """The reply as one or more messages, each within Slack's block limit."""
    blocks = reply_blocks(reply)
    first_text = fallback_text(reply)
    if not blocks:
        return [SlackMessage(text=first_text, blocks=[])]
    messages = []
    for start in range(0, len(blocks), max_blocks):
        text = first_text if start == 0 else escape(f"{reply.title or 'Reply'} (continued)")
        messages.append(SlackMessage(text=text, blocks=blocks[start : start + max_blocks]))
    return messages


def home_view(reply: Reply) -> dict[str, Any]:
    """A Home tab: one view, so blocks beyond Slack's 100 are cut with a note."""
    blocks = reply_blocks(reply)
    if len(blocks) > MAX_HOME_BLOCKS:
        blocks = [
            *blocks[: MAX_HOME_BLOCKS - 1],
            _section("… more than fits here: type `/wg home` in any channel."),
        ]
    return {"type": "home", "blocks": blocks}
