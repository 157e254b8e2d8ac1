"""How each mail client writes one list post, built with the standard library's email package
so every message is valid MIME (testkit/email/corpus.py picks a shape per message).

A shape gets the post's words, the parent's words and author (to quote), and returns the
message without its envelope headers (Message-ID, threading, list headers are added by the
corpus).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime

MAILMAN2_FOOTER = (
    "\n_______________________________________________\n{name} mailing list\n{address}\n"
)
MAILMAN2_FOOTER += "https://lists.intgovforum.example/mailman/listinfo/{local}\n"
MAILMAN3_FOOTER = "\n_______________________________________________\n{local} mailing list -- "
MAILMAN3_FOOTER += "{address}\nTo unsubscribe send an email to {local}-leave@{domain}\n"


@dataclass(frozen=True)
class Quote:
    """What a reply quotes: the parent's words, who wrote them and when."""

    words: str
    name: str
    address: str
    at: datetime


@dataclass(frozen=True)
class Draft:
    words: str
    quote: Quote | None
    signature: str
    footer: str  # Mailman's footer as the list appends it ("" for none)
    attachment: tuple[str, bytes] | None = None


def _quoted(quote: Quote | None, header: str) -> str:
    if quote is None:
        return ""
    lines = "\n".join(f"> {line}" for line in quote.words.split("\n"))
    return f"\n\n{header}\n{lines}\n"


def _en_header(q: Quote) -> str:
    return f"On {q.at:%a, %b %d, %Y at %H:%M}, {q.name} <{q.address}> wrote:"


def thunderbird(d: Draft) -> Message:
    """Plain UTF-8, format=flowed, German "Am … schrieb", `-- ` signature."""
    head = f"Am {d.quote.at:%d.%m.%y um %H:%M} schrieb {d.quote.name}:" if d.quote else ""
    flowed = d.words.replace(". ", ". \n")  # soft line breaks a flowed client writes
    body = flowed + _quoted(d.quote, head) + f"\n-- \n{d.signature}\n" + d.footer
    msg = MIMEText(body, "plain", "utf-8")
    msg.set_param("format", "flowed")
    msg.replace_header("Content-Transfer-Encoding", "8bit")
    msg.set_payload(body.encode("utf-8"))
    return msg


def gmail(d: Draft) -> Message:
    """multipart/alternative, quoted-printable, "On … wrote:" and a gmail_quote block."""
    head = _en_header(d.quote) if d.quote else ""
    plain = d.words + f"\n\n{d.signature}" + _quoted(d.quote, head) + d.footer
    quoted = (
        f'<div class="gmail_quote"><div class="gmail_attr">{head}<br></div>'
        f"<blockquote>{d.quote.words}</blockquote></div>"
        if d.quote
        else ""
    )
    html = f'<div dir="ltr">{d.words}<br><br>{d.signature}</div>{quoted}'
    msg = MIMEMultipart("alternative")
    for text, subtype in ((plain, "plain"), (html, "html")):
        part = EmailMessage()
        part.set_content(text, subtype=subtype, cte="quoted-printable")
        msg.attach(part)
    return msg


def outlook(d: Draft) -> Message:
    """Windows-1252 quoted-printable, the "From: … Sent: …" block below a rule."""
    block = ""
    if d.quote:
        block = (
            f"\n\n________________________________\nFrom: {d.quote.name} <{d.quote.address}>\n"
            f"Sent: {d.quote.at:%A, %B %d, %Y %H:%M}\nTo: the list\nSubject: the thread\n\n"
            f"{d.quote.words}\n"
        )
    text = f"{d.words}\n\nKind regards,\n{d.signature}{block}{d.footer}"
    msg = MIMEMultipart("alternative")
    plain = EmailMessage()
    plain.set_content(text.encode("cp1252", "replace"), "text", "plain", cte="quoted-printable")
    plain.set_param("charset", "windows-1252")
    msg.attach(plain)
    html = EmailMessage()
    html.set_content(f"<html><body><p>{d.words}</p></body></html>", subtype="html")
    msg.attach(html)
    msg["X-MS-Has-Attach"] = "yes" if d.attachment else ""
    msg["Thread-Topic"] = "the thread"
    return msg


def html_only(d: Draft) -> Message:
    """Only text/html, base64: a web mailer; the quote in a blockquote, a link in the text."""
    quote = (
        f"<p>{_en_header(d.quote)}</p><blockquote type='cite'>{d.quote.words}</blockquote>"
        if d.quote
        else ""
    )
    html = (
        f"<html><head><style>p {{margin:0}}</style></head><body><p>{d.words}</p>"
        f"<p>Background: <a href='https://www.intgovforum.example/bpf'>the BPF page</a></p>"
        f"<p>{d.signature}</p>{quote}</body></html>"
    )
    msg = EmailMessage()
    msg.set_content(html, subtype="html", cte="base64")
    return msg


def french_latin1(d: Draft) -> Message:
    """ISO-8859-1 8bit, "Le … a écrit :", "Envoyé de mon iPhone"."""
    head = f"Le {d.quote.at:%d/%m/%Y à %H:%M}, {d.quote.name} a écrit :" if d.quote else ""
    body = f"{d.words}\n\nEnvoyé de mon iPhone" + _quoted(d.quote, head) + d.footer
    msg = Message()
    msg["MIME-Version"] = "1.0"
    msg["Content-Type"] = "text/plain; charset=iso-8859-1"
    msg["Content-Transfer-Encoding"] = "8bit"
    msg.set_payload(body.encode("iso-8859-1", "replace"))
    return msg


def japanese(d: Draft) -> Message:
    """ISO-2022-JP 7bit, as Japanese mail clients still send it."""
    head = _en_header(d.quote) if d.quote else ""
    body = f"皆様\n\n{d.words}\n\nよろしくお願いいたします。\n{d.signature}" + _quoted(
        d.quote, head
    )
    msg = Message()
    msg["MIME-Version"] = "1.0"
    msg["Content-Type"] = "text/plain; charset=iso-2022-jp"
    msg["Content-Transfer-Encoding"] = "7bit"
    msg.set_payload(body.encode("iso-2022-jp", "replace"))
    return msg


def apple(d: Draft) -> Message:
    """Apple Mail on a phone: quoted-printable, "Sent from my iPhone", quote with `> On`."""
    quote = ""
    if d.quote:
        lines = "\n> ".join(d.quote.words.split("\n"))
        quote = f"\n\n> On {d.quote.at:%d %b %Y}, at {d.quote.at:%H:%M}, {d.quote.name} "
        quote += f"<{d.quote.address}> wrote:\n> \n> {lines}\n"
    msg = EmailMessage()
    msg.set_content(f"{d.words}\n\nSent from my iPhone{quote}{d.footer}", cte="quoted-printable")
    return msg


def spanish_cp1252(d: Draft) -> Message:
    """Windows-1252 with “smart quotes”, "El … escribió:"."""
    head = f"El {d.quote.at:%d/%m/%Y %H:%M}, {d.quote.name} escribió:" if d.quote else ""
    body = f"{d.words}\n\nSaludos,\n{d.signature}" + _quoted(d.quote, head) + d.footer
    msg = Message()
    msg["MIME-Version"] = "1.0"
    msg["Content-Type"] = "text/plain; charset=windows-1252"
    msg["Content-Transfer-Encoding"] = "quoted-printable"
    from quopri import encodestring

    msg.set_payload(encodestring(body.encode("cp1252", "replace")).decode("ascii"))
    return msg


SHAPES: dict[str, Callable[[Draft], Message]] = {
    "thunderbird": thunderbird,
    "gmail": gmail,
    "outlook": outlook,
    "html-only": html_only,
    "french-latin1": french_latin1,
    "japanese": japanese,
    "apple": apple,
    "spanish-cp1252": spanish_cp1252,
}


def with_attachment(msg: Message, name: str, data: bytes) -> Message:
    """The post in multipart/mixed with one attachment, as every client sends one."""
    mixed = MIMEMultipart("mixed")
    mixed.attach(msg)
    part = EmailMessage()
    part.set_content(data, "application", "pdf", filename=name)
    mixed.attach(part)
    return mixed


def stamp(msg: Message, headers: dict[str, str]) -> Message:
    for name, value in headers.items():
        if name in msg:
            del msg[name]
        msg[name] = value
    return msg


__all__ = ["SHAPES", "Draft", "Quote", "format_datetime", "stamp", "with_attachment"]
