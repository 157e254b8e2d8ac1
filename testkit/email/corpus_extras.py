"""The corpus's other mail (bounces, auto-replies, malformed, too big), pipermail's archive
form of a post, and what a corpus message is. Used through testkit/email/corpus.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime

TOO_BIG = 6_000_000  # over the default WGBOT_EMAIL_MAX_BYTES (5 MB)


@dataclass(frozen=True)
class CorpusMessage:
    """One message and what decoding must make of it."""

    raw: bytes
    kind: str  # "post", or the reason it is skipped: bounce, auto_reply, malformed, too_big
    message_id: str | None
    sender: str | None = None  # the address decode_post reports (domain lower-cased)
    words: str | None = None  # the writer's own words: must be in the decoded text
    quoted: str | None = None  # the parent's words: must not be
    root_id: str | None = None
    shape: str = ""


def _mail(at: datetime, message_id: str, body: str, **headers: str) -> bytes:
    msg = EmailMessage()
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = f"<{message_id}>"
    msg.set_content(body)
    return msg.as_bytes()


def _postfix_bounce(list_address: str, at: datetime, message_id: str) -> bytes:
    bounces = list_address.replace("@", "-bounces@")
    return f"""Return-Path: <>
From: MAILER-DAEMON@mx.gov.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: {bounces}
Date: {format_datetime(at)}
Message-Id: <{message_id}>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="B0UNCE.{at:%s}/mx.gov.example"

--B0UNCE.{at:%s}/mx.gov.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.gov.example.
<old.member@gov.example>: host mx.gov.example said: 550 5.1.1 User unknown

--B0UNCE.{at:%s}/mx.gov.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.gov.example

Final-Recipient: rfc822; old.member@gov.example
Action: failed
Status: 5.1.1

--B0UNCE.{at:%s}/mx.gov.example--
""".encode()


def extras(list_address: str, start: datetime) -> list[CorpusMessage]:
    at = start + timedelta(hours=3)
    to = {"To": list_address}
    kofi, jan = (
        "Kofi Mensah <kofi.mensah@gov.example.gh>",
        "Jan Kowalski <Jan.Kowalski@gov.example.pl>",
    )
    outlook = "Microsoft Outlook <postmaster@ngo.example.se>"
    return [
        CorpusMessage(_postfix_bounce(list_address, at, "bounce-1@mx.gov.example"), "bounce",
                      "bounce-1@mx.gov.example"),
        CorpusMessage(
            _mail(at, "bounce-2@mx.example", "Delivery has failed to these recipients.",
                  From=outlook, Subject="Undeliverable: Re: scope", **to),
            "bounce", "bounce-2@mx.example",
        ),
        CorpusMessage(
            _mail(at, "ooo-1@gov.example.gh", "I am out of the office until 1 February.",
                  From=kofi, Subject="Automatic reply: Re: scope",
                  Auto_Submitted="auto-replied", X_Auto_Response_Suppress="All", **to),
            "auto_reply", "ooo-1@gov.example.gh",
        ),
        CorpusMessage(
            _mail(at, "ooo-2@ngo.example.se", "Je suis absente jusqu'au 20 janvier.",
                  From="Sara Lindqvist <sara@ngo.example.se>", Subject="Absence: Re: scope",
                  X_Autoreply="yes", Precedence="auto_reply", **to),
            "auto_reply", "ooo-2@ngo.example.se",
        ),
        CorpusMessage(
            _mail(at, "vacation-3@univ.example.jo", "Away.", From="omar.haddad@univ.example.jo",
                  Subject="Away", Precedence="junk", **to),
            "auto_reply", "vacation-3@univ.example.jo",
        ),
        CorpusMessage(
            b"Message-ID: <nofrom-1@broken.example>\nSubject: no sender\nDate: "
            + format_datetime(at).encode() + b"\n\nWho sent this?\n",
            "malformed", "nofrom-1@broken.example",
        ),
        CorpusMessage(
            b"From: spam@broken.example\nMessage-ID: <nodate-1@broken.example>\n"
            b"Date: the day after tomorrow\n\nWhen?\n",
            "malformed", "nodate-1@broken.example",
        ),
        CorpusMessage(
            _mail(at, "huge-1@gov.example.pl", "The full consultation data.\n" + "x" * TOO_BIG,
                  From=jan, Subject="Re: scope (data)", **to),
            "too_big", "huge-1@gov.example.pl", sender="Jan.Kowalski@gov.example.pl",
        ),
    ]  # fmt: skip


def pipermail_entry(message: CorpusMessage, from_line: bytes) -> bytes:
    """What Mailman 2 writes to the month's .txt archive for one post: a few headers with the
    address obfuscated, the plain-text body, other parts scrubbed to a note."""
    msg = message_from_bytes(message.raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    scrubbed = [p for p in msg.walk() if not p.is_multipart() and p is not body]
    if scrubbed:
        text += "\n-------------- next part --------------\n"
        text += "An HTML attachment was scrubbed...\nURL: <https://lists.intgovforum.example/"
        text += "pipermail/bpf-cyber/attachments/20270111/0a1b2c3d/attachment.html>\n"
    person = (msg["Reply-To"] or msg["From"]).addresses[0]  # Mailman 2 archives the original
    sender, name = person.addr_spec.replace("@", " at "), person.display_name
    head = [f"From: {sender} ({name})"]
    for header in ("Date", "Subject", "In-Reply-To", "References", "Message-ID"):
        if msg[header] is not None:
            head.append(f"{header}: {msg.get(header)}")
    entry = "\n".join(head) + "\n\n" + text.replace("\r\n", "\n").rstrip("\n") + "\n\n"
    return from_line + entry.replace("\nFrom ", "\n>From ").encode("utf-8")
