"""The one argument parser every text front end goes through."""

from __future__ import annotations

import pytest

from bot.core.messages import UserRef
from bot.core.params import (
    Kind,
    Param,
    Vocabularies,
    VocabularyName,
    convert_named,
    parse_text,
)
from bot.domain.vocabulary import format_vocabulary, region_vocabulary, stakeholder_vocabulary
from bot.ground.errors import UsageError

V = Vocabularies(stakeholder_vocabulary(), region_vocabulary(), format_vocabulary)
JOIN = (
    Param("group", Kind.CHOICE, "", vocabulary=VocabularyName.STAKEHOLDER),
    Param("region", Kind.CHOICE, "", required=False, vocabulary=VocabularyName.REGION),
)
CREATE = (
    Param("name", Kind.TEXT, ""),
    Param(
        "format", Kind.CHOICE, "", required=False, vocabulary=VocabularyName.FORMAT, keyword=True
    ),
)
# As `/wg create` declares its NAME: a name, not prose.
NAMED = (Param("name", Kind.TEXT, "", prose=False), CREATE[1])
CHARTER = (
    Param("number", Kind.INT, "", required=False, min_value=1, max_value=10),
    Param("answer", Kind.TEXT, "", required=False),
)


@pytest.mark.parametrize(
    ("text", "group", "region"),
    [
        ("civil society", "Civil society", None),
        (
            "Civil Society Latin American and Caribbean States (GRULAC)",
            "Civil society",
            "Latin American and Caribbean States (GRULAC)",
        ),
        ("cs grulac", "Civil society", "Latin American and Caribbean States (GRULAC)"),
        ('"private sector" "asia-pacific states"', "Private sector", "Asia-Pacific States"),
        (
            "technical-community western-european-and-others",
            "Technical community",
            "Western European and Others (WEOG)",
        ),
    ],
)
def test_multiword_choices(text: str, group: str, region: str | None) -> None:
    assert parse_text(JOIN, text, V, "usage") == {"group": group, "region": region}


def test_text_keeps_every_word_and_spacing_and_keywords_come_last() -> None:
    assert parse_text(CREATE, "Policy Network on   Access", V, "u") == {
        "name": "Policy Network on   Access",
        "format": None,
    }
    assert parse_text(CREATE, "Meaningful Access dynamic coalition", V, "u") == {
        "name": "Meaningful Access dynamic coalition",
        "format": None,
    }
    assert parse_text(CREATE, "Meaningful Access format:dc", V, "u") == {
        "name": "Meaningful Access",
        "format": "Dynamic Coalition",
    }
    assert parse_text(CREATE, "bpf", V, "u") == {"name": "bpf", "format": None}
    assert parse_text(CREATE, '"BPF Gender"', V, "u") == {"name": "BPF Gender", "format": None}
    with pytest.raises(UsageError, match="Missing NAME"):
        parse_text(CREATE, "format:bpf", V, "u")
    with pytest.raises(UsageError, match="Missing NAME"):
        parse_text(CREATE, '""', V, "u")


@pytest.mark.parametrize(
    ("params", "text"),
    [
        (NAMED, '"BPF Cybersecurity'),
        (NAMED, 'BPF Cybersecurity" format:bpf'),
        (JOIN, '"civil society'),
        ((Param("mode", Kind.WORD, ""),), '"remove'),
    ],
)
def test_a_quote_left_open_is_an_error_not_part_of_a_name(
    params: tuple[Param, ...], text: str
) -> None:
    with pytest.raises(UsageError, match="has a quote that is not closed"):
        parse_text(params, text, V, "u")


def test_named_values_follow_the_same_quote_rule() -> None:
    with pytest.raises(UsageError, match="NAME has a quote that is not closed"):
        convert_named(NAMED, {"name": '"BPF Cybersecurity'}, V, "u")
    assert convert_named(NAMED, {"name": '"BPF Gender"'}, V, "u")["name"] == "BPF Gender"


def test_prose_keeps_its_quotes_as_typed() -> None:
    assert parse_text(CHARTER, '2 the "five practices', V, "u")["answer"] == 'the "five practices'


def test_optional_int_then_text() -> None:
    assert parse_text(CHARTER, "", V, "u") == {"number": None, "answer": None}
    assert parse_text(CHARTER, "3", V, "u") == {"number": 3, "answer": None}
    assert parse_text(CHARTER, '3 It\'s "quoted" text', V, "u") == {
        "number": 3,
        "answer": 'It\'s "quoted" text',
    }


@pytest.mark.parametrize(
    ("params", "text", "message"),
    [
        (JOIN, "", "Missing GROUP. Usage: `usage`"),
        (JOIN, "aliens", "`aliens` is not a stakeholder group"),
        (JOIN, "cs mars", "`mars` is not a region"),
        (JOIN, "cs weog extra words", "Unexpected `extra words`"),
        (CHARTER, "eleven answer", "`eleven` is not a number for NUMBER"),
        (CHARTER, "11 answer", "NUMBER must be between 1 and 10, not 11"),
        ((Param("n", Kind.INT, "", min_value=1),), "0", "N must be at least 1, not 0"),
    ],
)
def test_errors_say_what_is_expected(params: tuple[Param, ...], text: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_text(params, text, V, "usage")
    assert message in info.value.message and "\n" not in info.value.message


def test_mentions_of_every_platform() -> None:
    user = (Param("user", Kind.USER, ""),)
    assert parse_text(user, "<@U1|Marta Ruiz>", V, "u")["user"] == UserRef("U1", "Marta Ruiz")
    assert parse_text(user, "<@!8035>", V, "u")["user"] == UserRef("8035")
    assert parse_text(user, "@marta", V, "u")["user"] == UserRef("marta")
    with pytest.raises(UsageError):
        parse_text(user, "marta", V, "u")
    # On Slack and Discord a bare @name is a mention the platform could not resolve.
    with pytest.raises(UsageError, match="mention one person"):
        parse_text(user, "@marta", V, "u", plain_names=False)
    for broadcast in ("@here", "<@everyone>", "@channel"):
        with pytest.raises(UsageError):
            parse_text(user, broadcast, V, "u")


def test_named_values_go_through_the_same_checks() -> None:
    assert convert_named(JOIN, {"group": "cs", "region": "africa"}, V, "u") == {
        "group": "Civil society",
        "region": "African States",
    }
    assert convert_named(JOIN, {"group": "academia"}, V, "u")["region"] is None
    with pytest.raises(UsageError, match="is not a region"):
        convert_named(JOIN, {"group": "cs", "region": "mars"}, V, "u")
    with pytest.raises(UsageError, match="Missing GROUP"):
        convert_named(JOIN, {"group": "  "}, V, "u")
    with pytest.raises(UsageError, match="Unexpected option"):
        convert_named(JOIN, {"group": "cs", "colour": "red"}, V, "u")
    user = (Param("user", Kind.USER, ""),)
    assert convert_named(user, {"user": UserRef("42", "Bo")}, V, "u")["user"] == UserRef("42", "Bo")
