"""Senders as people wrote them: `Name <addr>`, the old `addr (Name)` comment form with RFC
2047 inside it, pipermail's `user at domain`, Mailman's DMARC "Name via List"; no name → the
address's local part. A full address is never a name a draft can print."""

from __future__ import annotations

import pytest

from bot.domain.addresses import shown_name
from bot.mail.mime import Post, decode_post

_REST = b"\nDate: Tue, 12 Jan 2027 09:00:00 +0000\nMessage-ID: <n@x>\nSubject: s\n\nHello.\n"
CASES = [
    (b"From: danilo@gnome.org (Danilo =?utf-8?Q?=C5=A0egan?=)", "danilo@gnome.org", "Danilo Šegan"),
    (b"From: Danilo =?utf-8?Q?=C5=A0egan?= <danilo@gnome.org>", "danilo@gnome.org", "Danilo Šegan"),
    (b"From: ana@example.org (Ana Example)", "ana@example.org", "Ana Example"),
    (b"From: ana@example.org", "ana@example.org", "ana"),
    (b"From: <Jan.Kowalski@gov.example.pl>", "jan.kowalski@gov.example.pl", "jan.kowalski"),
    (b'From: "ana@example.org" <ana@example.org>', "ana@example.org", "ana"),
    (b'From: "Ana Example <ana@example.org>" <ana@example.org>', "ana@example.org", "Ana Example"),
    (
        b"From: Ana Example via BPF <bpf@lists.example.org>\n"
        b"List-Post: <mailto:bpf@lists.example.org>\nReply-To: ana@example.org",
        "ana@example.org",
        "Ana Example",
    ),
]


@pytest.mark.parametrize(
    ("header", "address", "name"), CASES, ids=[c[2] + str(i) for i, c in enumerate(CASES)]
)
def test_sender_names_as_written(header: bytes, address: str, name: str) -> None:
    post = decode_post(header + _REST, max_bytes=1_000_000)
    assert isinstance(post, Post), post
    assert (post.sender, post.sender_name) == (address, name)
    assert "@" not in post.sender_name


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("ana@example.org", "ana"),
        ("ana at example.org", "ana"),
        ("Ana <ana@example.org>", "Ana"),
        ("Write to ana@example.org", "Write to ana"),
        ("Ana at the IGF", "Ana at the IGF"),  # pipermail writes a domain after "at"
        ("Danilo Šegan", "Danilo Šegan"),
    ],
)
def test_shown_name(name: str, shown: str) -> None:
    assert shown_name(name) == shown
