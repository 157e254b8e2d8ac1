"""A neutral Reply as an email: multipart/alternative plain text + HTML, attachments beside.

Everything in a reply is text (docs/text-safety.md): in the HTML part all of it is escaped,
so nothing a user typed becomes markup, a link or a script; the only markup is the reply's
own `code` spans and the bot's own links, each shown with its full address beside its label.
Headers never carry a line break (collapsed to spaces) and are length-limited.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from bot.core.messages import Button, Reply, Tone
from bot.core.render_text import TONE_MARK

MAX_SUBJECT = 150
IN_REPLY_TO = "email_in_reply_to"  # Reply.metadata: the Message-ID this message answers
_MESSAGE_ID = re.compile(r"^<[!-;=?-~]{1,250}>$")  # printable ASCII, no < > or spaces
_CODE = re.compile(r"`([^`\n]+)`")
_SPACES = re.compile(r"\s+")

# A button as an email link: its URL, or None when it cannot be answered from email.
LinkFor = Callable[[Button], str | None]


@dataclass(frozen=True)
class Envelope:
    sender: Address
    recipient: str
    message_id: str
    date: datetime
    # Without any: a plain list of the buttons' labels, answered in chat or by reply.
    link_for: LinkFor | None = None
    reply_hint: str | None = None  # how to answer by replying, shown under the buttons
    in_reply_to: str | None = None


def one_line(text: str, limit: int = MAX_SUBJECT) -> str:
    """Header-safe: no line breaks or tabs (no header injection), at most `limit` chars."""
    flat = _SPACES.sub(" ", "".join(c if c.isprintable() else " " for c in text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def subject_of(reply: Reply) -> str:
    return one_line(reply.title or reply.text.split("\n", 1)[0]) or "wgbot"


def _inline_html(text: str) -> str:
    """Escaped text with the reply's `code` spans as <code>, and line breaks kept."""
    out: list[str] = []
    last = 0
    for match in _CODE.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<code>{html.escape(match.group(1))}</code>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>\n")


def _links(reply: Reply, envelope: Envelope) -> list[tuple[Button, str | None]]:
    link_for = envelope.link_for
    return [(b, link_for(b) if link_for else None) for b in reply.buttons]


def render_plain(reply: Reply, envelope: Envelope) -> str:
    out: list[str] = []
    if reply.title:
        out += [reply.title, "=" * min(len(reply.title), 72), ""]
    out.append(TONE_MARK[reply.tone] + reply.text)
    if reply.fields:
        out.append("")
        out.extend(f"{field.label}: {field.value}" for field in reply.fields)
    for section in reply.sections:
        out += ["", section.heading]
        out.extend(f"  {line}" for line in section.lines)
    links = _links(reply, envelope)
    if links:
        out.append("")
        for button, url in links:
            out.append(f"* {button.label}: {url}" if url else f"* {button.label}")
    if reply.buttons and envelope.reply_hint:
        out += ["", envelope.reply_hint]
    out += ["", "-- ", "wgbot, the IGF working groups' assistant (an automated message)"]
    return "\n".join(out) + "\n"


def render_html(reply: Reply, envelope: Envelope) -> str:
    e = html.escape
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8">']
    out.append(f"<title>{e(subject_of(reply))}</title></head>")
    out.append('<body style="font-family: sans-serif; max-width: 40em">')
    if reply.title:
        out.append(f"<h2>{e(reply.title)}</h2>")
    mark = "⚠ " if reply.tone is Tone.WARNING else TONE_MARK[reply.tone]
    out.append(f"<p>{e(mark)}{_inline_html(reply.text)}</p>")
    if reply.fields:
        out.append("<table>")
        for field in reply.fields:
            out.append(
                f'<tr><th align="left" valign="top">{e(field.label)}</th>'
                f"<td>{_inline_html(field.value)}</td></tr>"
            )
        out.append("</table>")
    for section in reply.sections:
        out.append(f"<h3>{e(section.heading)}</h3>\n<ul>")
        out.extend(f"<li>{_inline_html(line)}</li>" for line in section.lines)
        out.append("</ul>")
    links = _links(reply, envelope)
    if links:
        out.append("<ul>")
        for button, url in links:
            if url:
                out.append(
                    f'<li><a href="{e(url, quote=True)}">{e(button.label)}</a>'
                    f" <small>({e(url)})</small></li>"
                )
            else:
                out.append(f"<li>{e(button.label)}</li>")
        out.append("</ul>")
    if reply.buttons and envelope.reply_hint:
        out.append(f"<p>{e(envelope.reply_hint)}</p>")
    out.append("<hr><p><small>wgbot, the IGF working groups' assistant (an automated message)")
    out.append("</small></p></body></html>")
    return "\n".join(out) + "\n"


def render_email(reply: Reply, envelope: Envelope) -> EmailMessage:
    message = EmailMessage()
    message["From"] = envelope.sender
    message["To"] = envelope.recipient
    message["Subject"] = subject_of(reply)
    message["Date"] = format_datetime(envelope.date)
    message["Message-ID"] = envelope.message_id
    if envelope.in_reply_to and _MESSAGE_ID.match(envelope.in_reply_to):
        message["In-Reply-To"] = envelope.in_reply_to
        message["References"] = envelope.in_reply_to
    # RFC 3834: vacation responders and auto-replies stay quiet; people can still reply.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(render_plain(reply, envelope))
    message.add_alternative(render_html(reply, envelope), subtype="html")
    for attachment in reply.attachments:
        maintype, _, subtype = attachment.mime_type.partition("/")
        message.add_attachment(
            attachment.content,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=one_line(attachment.filename, 100) or "attachment",
        )
    return message
