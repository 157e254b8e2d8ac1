from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.ground.errors import UsageError
from bot.summarizer.chunking import pack
from bot.summarizer.scope import parse_scope
from bot.summarizer.tokens import estimate

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


def test_periods_language_and_public() -> None:
    scope = parse_scope("7d lang:FR public", NOW)
    assert scope.since == NOW - timedelta(days=7)
    assert scope.language == "fr" and scope.public
    assert parse_scope("2w", NOW).since == NOW - timedelta(days=14)
    assert parse_scope("since 2027-01-10", NOW).since == datetime(2027, 1, 10, tzinfo=UTC)
    assert parse_scope("", NOW).since is None


def test_links() -> None:
    slack = parse_scope("https://igf.slack.com/archives/C123/p1799000060000001", NOW)
    assert (slack.channel_id, slack.thread_id) == ("C123", "1799000060.000001")
    reply = parse_scope(
        "<https://igf.slack.com/archives/C123/p1799000060000001?thread_ts=1799000000.000000&cid=C123>",
        NOW,
    )
    assert reply.thread_id == "1799000000.000000"
    discord = parse_scope("https://discord.com/channels/1/22/333", NOW)
    assert (discord.channel_id, discord.thread_id) == ("22", "333")


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "since",
        "since tomorrow",
        "since 2099-01-01",
        "0d",
        "400d",
        "https://example.com/a/b",
        "https://discord.com/channels/1/x/3",
        "7d https://discord.com/channels/1/2/3",
    ],
)
def test_bad_scopes(text: str) -> None:
    with pytest.raises(UsageError):
        parse_scope(text, NOW)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("7d 3d", "the period once"),
        ("7d since 2026-11-01", "the period once"),
        ("lang:fr lang:de", "the language once"),
        ("public public", "`public` once"),
        ("99999d", "period of 1 to"),
    ],
)
def test_repeated_or_conflicting_options_are_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_scope(text, NOW)


def test_estimate_never_undercounts_bytes() -> None:
    assert estimate("héllo ✓") == len("héllo ✓".encode())


def test_pack_keeps_order_and_budget() -> None:
    costs = [5, 5, 5, 10, 1, 1]
    packs = pack(costs, 12)
    assert packs == [[0, 1], [2], [3], [4, 5]]
    assert all(sum(costs[i] + 1 for i in p) <= 12 for p in packs)
    with pytest.raises(ValueError):
        pack([50], 12)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("lang:AR", "ar"),
        ("lang:zh", "zh"),
        ("lang:ru", "ru"),
        ("lang:es", "es"),
        ("lang:pt-br", "pt-BR"),
        ("lang:zh-hant", "zh-Hant"),
        ("lang:es-419", "es-419"),
    ],
)
def test_languages_are_normalised(typed: str, code: str) -> None:
    assert parse_scope(typed, NOW).language == code


@pytest.mark.parametrize("typed", ["lang:sp", "lang:xx", "lang:", "lang:english", "lang:f\u200br"])
def test_unknown_languages_are_refused_with_the_list(typed: str) -> None:
    with pytest.raises(UsageError, match="not a language code I know: use one of ar, zh, en"):
        parse_scope(typed, NOW)
