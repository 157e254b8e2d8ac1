"""What decode_post skips, and why: bounces, auto-replies, too big, malformed; never an
exception for any bytes. Hostile text in every field comes out as inert neutral text."""

from __future__ import annotations

import re
import unicodedata
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.neutral import mentions_as_names
from bot.mail.mime import MAX_TEXT, Post, Skipped, SkipReason, decode_post
from tests.frontends.email.mua_samples import MAILMAN2_DIGEST, MAILMAN_FOOTER_PART
from tests.hostile import ALL, CONTROLS, HOSTILE, INVISIBLE, MENTIONS

LIMIT = 1_000_000


def _message(body: str = "Hello list.", **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.pop("From", "Ana <ana@civil.example>")
    msg["Date"] = "Tue, 12 Jan 2027 09:00:00 +0100"
    msg["Message-ID"] = "<m1@civil.example>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def _skip(raw: bytes) -> Skipped:
    result = decode_post(raw, max_bytes=LIMIT)
    assert isinstance(result, Skipped), result
    return result


# A Postfix bounce as it arrives at a list's bounce address (RFC 3464).
POSTFIX_BOUNCE = b"""Return-Path: <>
From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bpf-bounces@lists.example.org
Date: Tue, 12 Jan 2027 09:00:00 +0100 (CET)
Message-Id: <20270112080000.1A2B3C@mx.example.org>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="1A2B3C.1736668800/mx.example.org"

--1A2B3C.1736668800/mx.example.org
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.

--1A2B3C.1736668800/mx.example.org
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; gone@example.org
Action: failed
Status: 5.1.1

--1A2B3C.1736668800/mx.example.org--
"""


def _report_from_a_person() -> bytes:
    """A delivery report with an ordinary From (some gateways): still a bounce."""
    return POSTFIX_BOUNCE.replace(b"Return-Path: <>\n", b"").replace(
        b"MAILER-DAEMON@mx.example.org (Mail Delivery System)", b"Gateway <gw@example.org>"
    )


@pytest.mark.parametrize(
    ("raw", "reason", "detail"),
    [
        (POSTFIX_BOUNCE, SkipReason.BOUNCE, "delivery-status report"),
        (_report_from_a_person(), SkipReason.BOUNCE, "delivery-status report"),
        (
            _message(From="MAILER-DAEMON@lists.example.org").as_bytes(),
            SkipReason.BOUNCE,
            "MAILER-DAEMON",
        ),
        (_message(From="postmaster@gov.example").as_bytes(), SkipReason.BOUNCE, "postmaster"),
        (
            _message(X_Failed_Recipients="x@y.example").as_bytes(),
            SkipReason.BOUNCE,
            "X-Failed-Recipients",
        ),
        (_message(Return_Path="<>").as_bytes(), SkipReason.BOUNCE, "null return path"),
        (
            _message(Auto_Submitted="auto-replied").as_bytes(),
            SkipReason.AUTO_REPLY,
            "Auto-Submitted: auto-replied",
        ),
        (
            _message(Auto_Submitted="auto-generated").as_bytes(),
            SkipReason.AUTO_REPLY,
            "auto-generated",
        ),
        (_message(X_Autoreply="yes").as_bytes(), SkipReason.AUTO_REPLY, "X-Autoreply"),
        (
            _message(X_Autorespond="Out of office").as_bytes(),
            SkipReason.AUTO_REPLY,
            "X-Autorespond",
        ),
        (_message(Precedence="auto_reply").as_bytes(), SkipReason.AUTO_REPLY, "auto_reply"),
        (_message(Precedence="junk").as_bytes(), SkipReason.AUTO_REPLY, "junk"),
        (b"", SkipReason.MALFORMED, "empty"),
        (b"just some words\n", SkipReason.MALFORMED, "no sender address"),
        (_message(From="not an address").as_bytes(), SkipReason.MALFORMED, "no sender"),
        (b"From: a@b.example\n\nno date\n", SkipReason.MALFORMED, "no readable Date"),
        (b"From: a@b.example\nDate: someday\n\nbad date\n", SkipReason.MALFORMED, "someday"),
    ],
)
def test_skipped_with_reason(raw: bytes, reason: SkipReason, detail: str) -> None:
    skipped = _skip(raw)
    assert skipped.reason is reason and detail in skipped.detail, skipped
    assert "\n" not in skipped.detail


@pytest.mark.parametrize(
    "headers",
    [
        {"Precedence": "list"},  # every Mailman post
        {"Precedence": "bulk"},
        {"Auto_Submitted": "no"},
        {"X_Auto_Response_Suppress": "All"},  # Outlook sets it on ordinary mail
        {"Return_Path": "<bpf-bounces@lists.example.org>"},
    ],
)
def test_ordinary_list_posts_are_not_skipped(headers: dict[str, str]) -> None:
    assert isinstance(decode_post(_message(**headers).as_bytes(), max_bytes=LIMIT), Post)


def test_a_mailman_digest_is_skipped_not_taken_for_a_post() -> None:
    skipped = _skip(MAILMAN2_DIGEST)
    assert skipped.reason is SkipReason.DIGEST and "Digest, Vol 12, Issue 3" in skipped.detail
    retitled = MAILMAN2_DIGEST.replace(b"Subject: BPF-Cyber Digest, Vol 12, Issue 3", b"Subject: x")
    assert _skip(retitled).reason is SkipReason.DIGEST  # by its multipart/digest part


def test_mailmans_footer_in_its_own_part_is_dropped() -> None:
    post = decode_post(MAILMAN_FOOTER_PART, max_bytes=LIMIT)
    assert isinstance(post, Post)
    assert post.text == "The CERT can host the regional exercise."


def test_too_big_is_skipped_before_parsing_and_keeps_its_id() -> None:
    raw = _message("x" * 20_000).as_bytes()
    skipped = decode_post(raw, max_bytes=10_000)
    assert isinstance(skipped, Skipped)
    assert skipped == Skipped(SkipReason.TOO_BIG, skipped.detail, "m1@civil.example")
    assert "over the limit of 10 KB" in skipped.detail
    assert isinstance(decode_post(raw, max_bytes=len(raw)), Post)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_post_or_a_skip(raw: bytes) -> None:
    assert isinstance(decode_post(raw, max_bytes=LIMIT), Post | Skipped)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=60), st.text(max_size=300))
def test_any_text_in_headers_and_body_gives_a_post_or_a_skip(
    body: str, name: str, subject: str
) -> None:
    head = f"From: {name} <a@b.example>\nSubject: {subject}\nDate: 12 Jan 2027 09:00 +0000\n"
    raw = (head + "Content-Type: text/plain; charset=utf-8\n\n" + body).encode("utf-8", "replace")
    result = decode_post(raw, max_bytes=LIMIT)
    if isinstance(result, Post):
        _assert_neutral(result)


def test_deeply_nested_multiparts_are_malformed_not_a_crash() -> None:
    depth = 3000
    head = b"From: a@b.example\nDate: 12 Jan 2027 09:00 +0000\n"
    parts = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(depth)
    )
    result = decode_post(head + parts + b"Content-Type: text/plain\n\nx\n", max_bytes=LIMIT)
    assert isinstance(result, Post | Skipped)


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n\x85\u2028\u2029]", " ", text)


def _assert_neutral(post: Post) -> None:
    """Neutral text's one piece of markup is the mention token: none may come from mail."""
    for text in (post.text, post.subject, post.sender_name, *(a.name for a in post.attachments)):
        assert mentions_as_names(text) == text, text
        for ch in text:
            category = unicodedata.category(ch)
            assert ch in "\n\t" or category not in ("Cc", "Cs"), repr(text)
            assert ch not in "\u202e\u2066\u2067\u2068\u2069\u200b\ufeff", repr(text)


@pytest.mark.parametrize("hostile", [*HOSTILE, *MENTIONS, *CONTROLS, *INVISIBLE])
@pytest.mark.parametrize("html", [False, True])
def test_hostile_text_in_every_field_comes_out_inert(hostile: str, html: bool) -> None:
    msg = _message(Subject=_one_line(f"Re: {hostile}"[:900]))
    del msg["From"]
    msg["From"] = _one_line(f'"{hostile[:200]}" <ana@civil.example>')
    body = f"Before {hostile} after."
    if html:
        escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        msg.set_content(f"<p>{escaped}</p>", subtype="html")
    else:
        msg.set_content(body)
    msg.add_attachment(
        b"x",
        maintype="application",
        subtype="octet-stream",
        filename=_one_line(f"{hostile[:50]}.bin"),
    )
    post = decode_post(msg.as_bytes(), max_bytes=LIMIT)
    assert isinstance(post, Post), post
    _assert_neutral(post)
    assert post.text.startswith("Before") and "after." in post.text


def test_every_hostile_payload_as_a_raw_body_is_neutral() -> None:
    for payload in ALL:
        raw = ("From: a@b.example\nDate: 12 Jan 2027 09:00 +0000\n\n" + payload).encode()
        result = decode_post(raw, max_bytes=LIMIT)
        assert isinstance(result, Post)
        _assert_neutral(result)


@pytest.mark.parametrize(
    "address",
    ["a\x00b@x.example", "ana@x\u202eelpmaxe.org", "ana@x.exa\u200bmple", "a\u00a0b@x.example"],
)
def test_addresses_with_hidden_characters_are_not_senders(address: str) -> None:
    raw = f"From: {address}\nDate: 12 Jan 2027 09:00 +0000\n\nbody\n".encode()
    skipped = _skip(raw)
    assert skipped.reason is SkipReason.MALFORMED and "\x00" not in skipped.detail


def test_a_body_of_megabytes_keeps_a_bounded_text() -> None:
    raw = _message(("word " * 15 + "\n") * 50_000).as_bytes()
    post = decode_post(raw, max_bytes=5_000_000)
    assert isinstance(post, Post) and len(post.text) == MAX_TEXT
