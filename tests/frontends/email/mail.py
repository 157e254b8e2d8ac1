"""Real-shaped list mail built with the standard library, for the inbound tests."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

LIST = "bpf@lists.example.org"


def list_post(
    message_id: str,
    sender: str,
    *,
    name: str = "",
    subject: str = "Scoping the BPF",
    body: str = "I think we should scope the work on CSIRT cooperation.",
    at: datetime,
    to: str = LIST,
    list_id: str | None = "BPF Cybersecurity <bpf.lists.example.org>",
    references: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>" if name else sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = f"<{message_id}>"
    if list_id is not None:
        msg["List-Id"] = list_id
        msg["List-Post"] = f"<mailto:{to}>"
        msg["Precedence"] = "list"
    if references:
        msg["In-Reply-To"] = f"<{references[-1]}>"
        msg["References"] = " ".join(f"<{r}>" for r in references)
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body)
    return msg.as_bytes()


def bounce(message_id: str, at: datetime) -> bytes:
    msg = EmailMessage()
    msg["From"] = "MAILER-DAEMON@mx.example.org"
    msg["To"] = LIST
    msg["Subject"] = "Undelivered Mail Returned to Sender"
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = f"<{message_id}>"
    msg["List-Id"] = "<bpf.lists.example.org>"
    msg.set_content("This is the mail system. The message could not be delivered.")
    return msg.as_bytes()
