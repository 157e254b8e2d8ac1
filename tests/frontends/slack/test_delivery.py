"""The scheduler's Slack sender, the history reader and the name cache against the stand-in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.messages import Attachment, Platform, Reply, Section, Where
from bot.core.ports import DeliveryError, HistoryQuery, Recipient, RecipientKind
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.delivery import make_delivery
from bot.frontends.slack.history import SlackHistory
from bot.frontends.slack.users import NameCache
from testkit.slack.stand_in import SlackStandIn
from tests.harness import make_settings as make_settings


def test_dm_opens_a_conversation_and_posts(stand_in: SlackStandIn) -> None:
    delivery = make_delivery(
        make_settings(slack_bot_token="xoxb-test", slack_api_url=stand_in.api_url)
    )
    ts = delivery.send(
        Recipient(Platform.SLACK, RecipientKind.USER, "UZOE"),
        Reply(title="Weekly nudge", text="BPF Cybersecurity needs you"),
    )
    assert ts.startswith("1700000000.")
    assert stand_in.calls_to("conversations.open")[0].params["users"] == "UZOE"
    posted = stand_in.calls_to("chat.postMessage")[0].params
    assert posted["channel"] == "DUZOE"
    assert posted["blocks"][0]["text"]["text"] == "Weekly nudge"


def test_long_reply_is_sent_as_several_messages(stand_in: SlackStandIn) -> None:
    delivery = make_delivery(
        make_settings(slack_bot_token="xoxb-test", slack_api_url=stand_in.api_url)
    )
    lines = tuple("y" * 2500 for _ in range(3))
    reply = Reply(text="big", sections=tuple(Section(f"S{n}", lines) for n in range(30)))
    delivery.send(Recipient(Platform.SLACK, RecipientKind.CHANNEL, "C1"), reply)
    posts = stand_in.calls_to("chat.postMessage")
    assert len(posts) == 2
    assert [len(p.params["blocks"]) for p in posts] == [50, 41]


def test_rate_limit_becomes_retry_after(stand_in: SlackStandIn) -> None:
    delivery = make_delivery(
        make_settings(slack_bot_token="xoxb-test", slack_api_url=stand_in.api_url)
    )
    stand_in.fail("chat.postMessage", status=429, headers={"Retry-After": "7"})
    with pytest.raises(DeliveryError) as caught:
        delivery.send(Recipient(Platform.SLACK, RecipientKind.CHANNEL, "C1"), Reply(text="hi"))
    assert caught.value.retry_after == 7.0
    assert not caught.value.permanent
    assert len(stand_in.calls_to("chat.postMessage")) == 1  # the scheduler decides when


@pytest.mark.parametrize(
    ("error", "hint"),
    [
        ("not_in_channel", "invite it with `/invite @wgbot`"),
        ("channel_not_found", "invite the bot"),
        ("missing_scope", "lacks a permission it needs (chat:write.public): reinstall"),
    ],
)
def test_hopeless_errors_are_permanent_with_advice(
    stand_in: SlackStandIn, error: str, hint: str
) -> None:
    delivery = make_delivery(
        make_settings(slack_bot_token="xoxb-test", slack_api_url=stand_in.api_url)
    )
    stand_in.fail("chat.postMessage", error=error, extra={"needed": "chat:write.public"})
    with pytest.raises(DeliveryError) as caught:
        delivery.send(Recipient(Platform.SLACK, RecipientKind.CHANNEL, "C9"), Reply(text="hi"))
    assert caught.value.permanent
    assert hint in str(caught.value)


def test_attachments_are_uploaded_as_files(stand_in: SlackStandIn) -> None:
    delivery = make_delivery(
        make_settings(slack_bot_token="xoxb-test", slack_api_url=stand_in.api_url)
    )
    document = Attachment("outcome.md", b"# Outcome\n", "text/markdown", "Outcome document")
    delivery.send(
        Recipient(Platform.SLACK, RecipientKind.CHANNEL, "C1"),
        Reply(text="Here it is", attachments=(document,)),
    )
    assert stand_in.calls_to("files.getUploadURLExternal")[0].params["filename"] == "outcome.md"
    assert stand_in.calls_to("upload")[0].params["bytes"] == b"# Outcome\n"
    assert stand_in.calls_to("files.completeUploadExternal")[0].params["channel_id"] == "C1"


def test_history_pages_oldest_first_without_bots(stand_in: SlackStandIn) -> None:
    client = make_web_client(
        make_settings(slack_bot_token="xoxb-test", slack_api_url=stand_in.api_url)
    )
    stand_in.display_names["UANA"] = "Ana"
    stand_in.paced(interval=0, limit=2)  # Slack serves pages of 2: cursors are followed
    stand_in.add(
        "C1",
        {"type": "message", "user": "UANA", "text": "first", "ts": "1700000100.000001"},
        {"type": "message", "user": "UANA", "text": "second", "ts": "1700000200.000001"},
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "B1",
            "text": "bot",
            "ts": "1700000250.000001",
        },
        {"type": "message", "user": "UBEN", "text": "third", "ts": "1700000300.000001"},
    )
    history = SlackHistory(client, NameCache(client))
    since = datetime.fromtimestamp(1700000000, UTC)
    messages = history.read(HistoryQuery(Where(Platform.SLACK, "C1"), since=since, limit=2))
    assert [m.text for m in messages] == ["second", "third"]
    assert messages[0].user_name == "Ana"
    assert messages[0].permalink == "https://igf.slack.com/archives/C1/p1700000200000001"
    calls = stand_in.calls_to("conversations.history")
    assert calls[0].params.get("cursor") is None and calls[1].params.get("cursor")
    assert len(calls) == 2
    # One person's newest message is on the first page: no second page is read.
    history.read(HistoryQuery(Where(Platform.SLACK, "C1"), limit=1))
    assert len(stand_in.calls_to("conversations.history")) == 3
    assert calls[0].params["oldest"] == f"{1700000000 - 14 * 86400}.000000"  # threads before


def test_name_cache_expires(stand_in: SlackStandIn) -> None:
    client = make_web_client(
        make_settings(slack_bot_token="xoxb-test", slack_api_url=stand_in.api_url)
    )
    now = [0.0]
    names = NameCache(client, ttl=60, clock=lambda: now[0])
    stand_in.display_names["UANA"] = "Ana"
    assert names.name("UANA") == "Ana"
    assert names.name("UANA") == "Ana"
    now[0] = 61
    stand_in.display_names["UANA"] = "Ana M."
    assert names.name("UANA") == "Ana M."
    assert len(stand_in.calls_to("users.info")) == 2
    stand_in.fail("users.info", error="user_not_found")
    assert names.name("UGONE", "gone") == "gone"
