"""The one input boundary: what every typed value becomes before validation."""

from __future__ import annotations

import pytest

from bot.core.messages import UserRef
from bot.core.params import Kind, Param, Vocabularies, convert_named
from bot.domain.vocabulary import format_vocabulary, region_vocabulary, stakeholder_vocabulary
from bot.ground.errors import UsageError
from bot.ground.keys import org_key
from bot.ground.normalise import (
    MAX_INT,
    clean_name,
    clean_text,
    closed_quotes,
    compare_key,
    excerpt,
    is_blank,
    parse_id,
    parse_number,
    tidy,
)
from storage.store import name_key
from tests import hostile


def test_nfc_composes() -> None:
    assert clean_text("Cafe\u0301 politique", "TEXT") == "Café politique"


@pytest.mark.parametrize("raw", hostile.CONTROLS)
def test_control_characters_are_refused_with_one_line(raw: str) -> None:
    with pytest.raises(UsageError) as info:
        clean_text(raw, "TEXT")
    message = info.value.message
    assert message.startswith("TEXT contains a control character (U+")
    assert "\n" not in message and len(message) < 120


def test_lone_surrogates_are_refused() -> None:
    with pytest.raises(UsageError, match="U\\+D800"):
        clean_name("a\ud800b", "NAME")


def test_line_breaks_and_tabs_stay_in_prose() -> None:
    assert clean_text("one\r\ntwo\u2028three\tfour", "TEXT") == "one\ntwo\nthree\tfour"
    assert clean_name("one\r\ntwo\tthree", "NAME") == "one two three"


@pytest.mark.parametrize("raw", hostile.INVISIBLE)
def test_invisible_only_text_is_empty(raw: str) -> None:
    assert clean_text(raw, "TEXT") == ""
    assert clean_name(raw, "NAME") == ""
    assert clean_text(f" {raw} \n {raw} ", "TEXT") == ""
    assert is_blank(raw)


def test_names_lose_every_format_character() -> None:
    assert clean_name(hostile.RTL_OVERRIDE_NAME, "NAME") == "BPF ytiruceS"
    assert clean_name("BPF\u200b Cyber\u2066security\u2069", "NAME") == "BPF Cybersecurity"
    assert clean_name("Gender\u00a0\u3000 Access", "NAME") == "Gender Access"


def test_prose_keeps_joiners_that_do_visible_work() -> None:
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # one emoji, three people
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    heart = "\u2764\ufe0f"
    assert clean_text(f"{family} {persian} {heart}", "TEXT") == f"{family} {persian} {heart}"
    # ...but not overrides, isolates, zero-width spaces, BOMs or tag characters.
    assert clean_text("a\u202eb\u2066c\u2069d\u200be\ufefff\U000e0041g", "TEXT") == "abcdefg"
    # and a joiner next to nothing visible is gone.
    assert clean_text("a \u200d b", "TEXT") == "a  b"
    # names drop joiners but keep an emoji's presentation selector.
    assert clean_name(f"{heart} Hearts\u200d", "NAME") == f"{heart} Hearts"


def test_length_is_counted_after_normalising() -> None:
    assert clean_text("\u200b" * 50 + "ok", "TEXT", max_length=2) == "ok"
    with pytest.raises(UsageError, match="TEXT is 3 characters: keep it under 2"):
        clean_text("abc", "TEXT", max_length=2)


def test_huge_input_is_refused_before_any_work() -> None:
    with pytest.raises(UsageError, match="keep it under"):
        clean_text("x" * 1_000_000, "TEXT")


@pytest.mark.parametrize(
    ("raw", "value"), [("3", 3), ("0010", 10), ("-4", -4), (" 7 ", 7), (str(MAX_INT), MAX_INT)]
)
def test_plain_numbers(raw: str, value: int) -> None:
    assert parse_number(raw, "N", low=None, high=None) == value


@pytest.mark.parametrize(
    "raw", ["1_0", "１０", "٣", "1e3", "0x10", "+1", "²", "nan", "", "1.5", "- 1"]
)
def test_only_ascii_digits_are_numbers(raw: str) -> None:
    with pytest.raises(UsageError, match="is not a number for N: use digits"):
        parse_number(raw, "N", low=1, high=10)


@pytest.mark.parametrize("raw", ["99999999999999999999", "-99999999999999999999", "11", "0"])
def test_out_of_range_numbers_say_the_range(raw: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_number(raw, "N", low=1, high=10)
    assert info.value.message.startswith("N must be between 1 and 10, not ")
    assert len(info.value.message) < 80


def test_ids_from_buttons() -> None:
    assert parse_id("42") == 42
    for bad in ("", "0", "-1", "1_0", "²", "99999999999999999999", str(MAX_INT + 1), "x"):
        assert parse_id(bad) is None


def test_compare_key_sees_through_look_alikes() -> None:
    assert {compare_key(n) for n in hostile.LOOK_ALIKE_IETF[:3]} == {"ietf"}
    assert compare_key("Straße\u200b  Gruppe") == compare_key("STRASSE GRUPPE")
    assert {org_key(n) for n in hostile.LOOK_ALIKE_IETF} == {"ietf"}
    assert name_key("BPF\u200b Cyber\u202e") == name_key("bpf cyber")


def test_excerpt_is_short_and_one_line() -> None:
    assert excerpt("x" * 10_000) == "x" * 39 + "…"
    assert excerpt("a\nb`c\u202e") == "a b'c"


def test_tidy_never_refuses() -> None:
    assert tidy("Ana\x00 \u202eSilva\n", max_length=200) == "Ana Silva"
    assert tidy("x" * 500, max_length=100) == "x" * 100
    assert tidy("\u200b") == ""


def test_a_person_the_platform_resolved_is_tidied_not_refused() -> None:
    vocabs = Vocabularies(stakeholder_vocabulary(), region_vocabulary(), format_vocabulary)
    params = (Param("user", Kind.USER, ""),)
    hostile_name = UserRef("444", "Maria\u200b\x00 \u202eSilva" + "x" * 300)
    values = convert_named(params, {"user": hostile_name}, vocabs, "usage")
    person = values["user"]
    assert isinstance(person, UserRef) and person.user_id == "444"
    assert person.display_name.startswith("Maria Silvaxx") and len(person.display_name) == 200


@pytest.mark.parametrize("raw", hostile.UNBALANCED_QUOTES)
def test_a_quote_left_open_is_refused_in_one_line(raw: str) -> None:
    with pytest.raises(UsageError, match="NAME has a quote that is not closed") as refused:
        closed_quotes(raw, "NAME")
    assert "\n" not in refused.value.message and "leave the quotes out" in refused.value.message


def test_quotes_in_pairs_are_kept_and_one_quoted_name_is_its_inside() -> None:
    assert closed_quotes('"BPF Cybersecurity"', "NAME") == "BPF Cybersecurity"
    assert closed_quotes('BPF "Cyber" Security', "NAME") == 'BPF "Cyber" Security'
    assert closed_quotes('"a" and "b"', "NAME") == '"a" and "b"'
    assert closed_quotes("plain", "NAME") == "plain"
