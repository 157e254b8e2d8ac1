"""normalise_address: one spelling per mailbox; hostile or invalid addresses refused with a
reason."""

from __future__ import annotations

import re

import pytest

from bot.frontends.email.addresses import InvalidAddress, normalise_address, parse_address
from tests import hostile


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("alice@example.org", "alice@example.org"),
        ("  Alice.Smith@Example.ORG ", "alice.smith@example.org"),
        ("Alice <alice@EXAMPLE.org>", "alice@example.org"),
        ("mailto:bob+igf@Example.org", "bob+igf@example.org"),
        ("o'neil@sub.example.co.uk", "o'neil@sub.example.co.uk"),
        ("ana@Bücher.example", "ana@xn--bcher-kva.example"),
        ("ana@example.org.", "ana@example.org"),
    ],
)
def test_addresses_are_normalised(raw: str, expected: str) -> None:
    assert normalise_address(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("alice", "looks like"),
        ("alice@localhost", "needs a dot"),
        ("alice@[127.0.0.1]", "plain address"),
        ("alice@127.0.0.1", "IP address"),
        ('"a b"@example.org', "plain address"),
        ("a..b@example.org", "before the @"),
        (".a@example.org", "before the @"),
        ("a@b@example.org", "exactly one @"),
        ("alice@example.org\r\nBcc: victim@example.org", "line breaks"),
        ("alice@example.org, eve@evil.example", "plain address"),
        ("alice@example.org;eve@evil.example", "plain address"),
        ("alice@-example.org", "not a valid domain"),
        ("alice@exa_mple.org", "not a valid domain"),
        ("ál\u200bice@example.org", "before the @"),
        ("a\x00@example.org", "control characters"),
        ("x" * 65 + "@example.org", "at most 64"),
        ("a@" + "b" * 64 + ".org", "not a valid domain"),
        ("a@" + ".".join(["b" * 60] * 5) + ".org", "at most 254"),
    ],
)
def test_bad_addresses_are_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(InvalidAddress, match=reason):
        parse_address(raw)
    assert normalise_address(raw) is None


@pytest.mark.parametrize("payload", hostile.ALL + hostile.HOSTILE)
def test_no_hostile_payload_is_an_address(payload: str) -> None:
    assert normalise_address(payload) is None
    kept = normalise_address(f"{payload}@example.org")
    # Only what RFC 5322 allows unquoted survives (digits and signs are legal local parts).
    assert kept is None or re.fullmatch(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@example\.org", kept)
