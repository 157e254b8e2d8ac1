"""A real-shaped mailing-list thread for every email test (ingest, IMAP, archives, summaries).

`list_thread()` is one 300-post discussion on a Best Practice Forum list, as its members'
mail clients wrote it (testkit/email/corpus_shapes.py: Thunderbird, Gmail, Outlook, HTML-only,
French ISO-8859-1, Japanese ISO-2022-JP, Apple Mail, Spanish Windows-1252), each reply
quoting its parent, with signatures, Mailman footers, a few attachments and one huge one;
`extras()` is what a list's mailbox also receives: bounces, auto-replies, malformed mail and
a message over the size limit. Every message knows what decoding must make of it
(`CorpusMessage`). Deterministic: the same seed gives the same bytes.

`mbox()` and `pipermail()` write them as an mbox (HyperKitty exports this, gzipped) and as a
Mailman 2 monthly .txt archive.
"""

from __future__ import annotations

import functools
import random
import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime, formataddr

from testkit.email.corpus_extras import CorpusMessage, pipermail_entry
from testkit.email.corpus_extras import extras as other_mail
from testkit.email.corpus_shapes import (
    MAILMAN2_FOOTER,
    MAILMAN3_FOOTER,
    SHAPES,
    Draft,
    Quote,
    stamp,
    with_attachment,
)

LIST_ADDRESS = "bpf-cyber@lists.intgovforum.example"
LIST_ID = "bpf-cyber.lists.intgovforum.example"
SUBJECT = "[BPF-Cyber] Scope and recommendations for the 2027 output"
START = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)
HUGE_ATTACHMENT = 3_000_000  # bytes: inside the default 5 MB limit once base64 encoded

# (name, address, stakeholder group, UN region)
PEOPLE: tuple[tuple[str, str, str, str], ...] = (
    ("Ana Pérez", "ana.perez@civil.example.org", "Civil society", "GRULAC"),
    ("Jan Kowalski", "Jan.Kowalski@gov.example.pl", "Government", "EEG"),
    ("Amina Diallo", "amina@tech.example.sn", "Technical community", "African Group"),
    ("Jürgen Müller", "mueller@uni-example.de", "Academia", "WEOG"),
    ("Hélène Dubois", "helene.dubois@oig.example", "Intergovernmental organisation", "WEOG"),
    ("山田 花子", "hanako.yamada@isp.example.jp", "Private sector", "Asia-Pacific Group"),
    ("Carlos Mendoza", "cmendoza@privado.example.mx", "Private sector", "GRULAC"),
    ("Priya Raman", "priya@cert.example.in", "Technical community", "Asia-Pacific Group"),
    ("Kofi Mensah", "kofi.mensah@gov.example.gh", "Government", "African Group"),
    ("Sara Lindqvist", "sara@ngo.example.se", "Civil society", "WEOG"),
    ("Omar Haddad", "omar.haddad@univ.example.jo", "Academia", "Asia-Pacific Group"),
    ("Lucía Gómez", "lucia@fundacion.example.ar", "Civil society", "GRULAC"),
)
TOPICS = (
    "incident response capacity in the Global South",
    "a voluntary code on coordinated vulnerability disclosure",
    "mandatory breach notification for critical infrastructure",
    "BCP 38 source address validation by network operators",
    "the timeline for the public consultation",
    "translating the output into the six UN languages",
    "regional CERT cooperation and information sharing",
    "multistakeholder review of the final recommendations",
    "funding for the capacity-building track",
    "measuring the uptake of the 2026 recommendations",
)
STANCES = (
    "I propose that the BPF should recommend {t}.",
    "I agree with the proposal on {t}; it reflects what our members asked for.",
    "I disagree on {t}: it would burden small operators without clear benefit.",
    "We should keep {t} in the scope, but only as a voluntary measure.",
    "Who will draft the section on {t} before the next call?",
    "I will draft a first paragraph on {t} by Friday.",
    "Our experience shows that {t} works when governments and industry share the cost.",
    "I agree, but {t} needs a clear owner and a deadline.",
)


def _address(raw: str) -> str:
    local, domain = raw.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def _zone(i: int) -> timezone:
    return timezone(timedelta(hours=(-5, 0, 1, 2, 5, 9)[i % 6]))


def list_thread(count: int = 300, *, seed: int = 13) -> list[CorpusMessage]:
    """`count` posts of one thread, oldest first; every reply quotes an earlier post."""
    return list(_thread(count, seed))


@functools.cache
def _thread(count: int, seed: int) -> tuple[CorpusMessage, ...]:
    rng = random.Random(seed)
    shapes = list(SHAPES)
    out: list[CorpusMessage] = []
    refs: dict[str, tuple[str, ...]] = {}
    at = START
    root = "bpf-scope-0000@civil.example.org"
    for i in range(count):
        name, address, group, region = PEOPLE[i % len(PEOPLE)] if i else PEOPLE[0]
        shape = shapes[(i * 5 + i // len(shapes)) % len(shapes)] if i else "gmail"
        topic = TOPICS[i % len(TOPICS)]
        stance = STANCES[(i // len(TOPICS)) % len(STANCES)]
        words = stance.format(t=topic)
        if i >= len(TOPICS) * len(STANCES):
            words = f"To add to my earlier mail: {words}"
        message_id = (
            root
            if i == 0
            else f"bpf-scope-{i:04d}.{rng.randrange(16**8):08x}@{address.split('@')[1].lower()}"
        )
        parent = out[rng.randrange(max(0, i - 25), i)] if i else None
        quote = None
        if parent is not None and parent.words:
            pname = next(p[0] for p in PEOPLE if _address(p[1]) == parent.sender)
            quote = Quote(parent.words, pname, parent.sender or "", at - timedelta(minutes=30))
        footer = ""
        if i % 3 == 0 and shape not in ("html-only", "japanese"):
            local, domain = LIST_ADDRESS.split("@")
            template = MAILMAN3_FOOTER if i % 2 else MAILMAN2_FOOTER
            footer = template.format(
                name="BPF-Cyber", address=LIST_ADDRESS, local=local, domain=domain
            )
        signature = f"{name}\n{group}, {region}"
        attachment = None
        if i in (40, 170):
            attachment = (
                f"scope-draft-v{i}.pdf",
                b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(2000)),
            )
        elif i == 250:
            attachment = (
                "consultation-responses.pdf",
                b"%PDF-1.7\n" + b"\x00\x01" * (HUGE_ATTACHMENT // 2),
            )
        msg = SHAPES[shape](Draft(words, quote, signature, footer))
        if attachment:
            msg = with_attachment(msg, *attachment)
        at += timedelta(minutes=rng.randrange(5, 90))
        references = (
            (*refs[parent.message_id], parent.message_id) if parent and parent.message_id else ()
        )
        refs[message_id] = references
        from_header = _from(name, address, dmarc=shape == "apple" and i % 2 == 0)
        headers = {
            "Received": f"from mx.example by lists.intgovforum.example; {format_datetime(at)}",
            "Return-Path": "<bpf-cyber-bounces@lists.intgovforum.example>",
            **from_header,
            "To": LIST_ADDRESS,
            "Subject": SUBJECT if i == 0 else f"Re: {SUBJECT}",
            "Date": format_datetime(at.astimezone(_zone(i))),
            "Message-ID": f"<{message_id}>",
            "List-Id": f"BPF Cybersecurity <{LIST_ID}>",
            "List-Post": f"<mailto:{LIST_ADDRESS}>",
            "Precedence": "list",
        }
        if parent is not None:
            headers["In-Reply-To"] = f"<{parent.message_id}>"
            headers["References"] = " ".join(f"<{r}>" for r in references)
        msg = stamp(msg, headers)
        if "MIME-Version" not in msg:
            msg["MIME-Version"] = "1.0"
        out.append(
            CorpusMessage(
                raw=msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
                if i % 4 == 1
                else msg.as_bytes(),
                kind="post",
                message_id=message_id,
                sender=_address(address),
                words=words,
                quoted=parent.words if parent else None,
                root_id=root,
                shape=shape,
            )
        )
    return tuple(out)


def _from(name: str, address: str, *, dmarc: bool) -> dict[str, str]:
    """From as the list delivers it; with DMARC mitigation the list puts its own address there
    and the person in Reply-To (Mailman 3's "munge from")."""
    if dmarc:
        return {
            "From": formataddr((f"{name} via BPF-Cyber", LIST_ADDRESS), "utf-8"),
            "Reply-To": formataddr((name, address), "utf-8"),
        }
    return {"From": formataddr((name, address), "utf-8")}


def extras() -> list[CorpusMessage]:
    """What else arrives in a list's mailbox: none of it is anybody's post."""
    return other_mail(LIST_ADDRESS, START)


def _from_line(message: CorpusMessage, at: datetime, pipermail: bool) -> bytes:
    sender = message.sender or "MAILER-DAEMON"
    if pipermail:
        sender = sender.replace("@", " at ")
    return f"From {sender}  {at:%a %b %d %H:%M:%S %Y}\n".encode()


def mbox(messages: list[CorpusMessage]) -> bytes:
    """An mboxrd file: From_ lines, body lines starting with "From " escaped with ">"."""
    out = []
    for i, message in enumerate(messages):
        raw = message.raw.replace(b"\r\n", b"\n")
        raw = re.sub(rb"(?m)^(>*From )", rb">\1", raw)
        out.append(
            _from_line(message, START + timedelta(minutes=i), False) + raw.rstrip(b"\n") + b"\n\n"
        )
    return b"".join(out)


def pipermail(messages: list[CorpusMessage]) -> bytes:
    """A Mailman 2 monthly archive (.txt): addresses as "alice at example.org", only the
    headers pipermail keeps, attachments scrubbed."""
    return b"".join(
        pipermail_entry(m, _from_line(m, START + timedelta(minutes=i), True))
        for i, m in enumerate(messages)
    )
