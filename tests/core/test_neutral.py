"""What a mention is: one rule (bot/core/neutral.py) for the parser, liaisons and Slack."""

from __future__ import annotations

import re

import pytest

from bot.core import neutral
from bot.core.neutral import at_name, is_person, mention_token, mentioned, mentions_as_names


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("<@U1>", ("U1", "")),
        ("<@U1|Marta Ruiz>", ("U1", "Marta Ruiz")),
        (" <@!123456789012345678> ", ("123456789012345678", "")),
        ("<@kofi.m|Kofi>", ("kofi.m", "Kofi")),
        ("<@channel>", None),  # a broadcast word is never a person
        ("<@Everyone|all>", None),
        ("<@U1|a|b>", None),  # mention_token never writes this
        ("<@U1> and more", None),
        ("@kofi", None),
    ],
)
def test_mentioned(text: str, person: tuple[str, str] | None) -> None:
    assert mentioned(text) == person


@pytest.mark.parametrize(
    ("text", "name"),
    [("@kofi", "kofi"), ("@here", None), ("@EVERYONE", None), ("@two words", None), ("k", None)],
)
def test_at_name(text: str, name: str | None) -> None:
    assert at_name(text) == name


def test_is_person_is_a_token_or_an_at_name() -> None:
    assert is_person("<@U1|Ana>") and is_person("@ana")
    assert not is_person("@channel") and not is_person("jari@ietf.org") and not is_person("ana")


def test_a_token_round_trips_and_free_text_keeps_names() -> None:
    token = mention_token("U1", "Ana <b>|x")
    assert token == "<@U1|Ana bx>" and mentioned(token) == ("U1", "Ana bx")
    assert mentions_as_names(f"thanks {token} and <@U2>") == "thanks @Ana bx and @U2"


def test_the_span_tokenisers_embed_is_the_mention_without_groups() -> None:
    for text in ("<@U1>", "<@U1|Marta Ruiz>", "<@!42>", "<@U1|a|b>", "<@>"):
        span = re.fullmatch(neutral.MENTION_SPAN, text) is not None
        assert span == (neutral.MENTION.fullmatch(text) is not None), text


def test_broadcasts_are_found_in_any_case() -> None:
    found = neutral.BROADCAST.findall("@channel @Here @everyone @channels @kofi")
    assert [w.lower() for w in found] == ["channel", "here", "everyone"]
