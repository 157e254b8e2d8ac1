"""What /summarize reads from a Slack channel: top-level messages and their threads' replies,
oldest first, bots left out, within the caps; and a read error the user can act on."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.core.messages import Platform, Where
from bot.core.ports import AccessRevoked, CappedRead, HistoryQuery
from bot.frontends.slack.errors import HistoryUnreadable
from bot.frontends.slack.history import SlackHistory, SlackPager
from bot.frontends.slack.users import NameCache
from bot.record.pacing import Pacer
from testkit.slack.stand_in import SlackStandIn
from tests.frontends.slack.conftest import RigFactory
from tests.frontends.slack.helpers import Ticks

C1 = Where(Platform.SLACK, "C1")


def said(user: str, text: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "user": user, "text": text, "ts": ts, **extra}


def reader(stand_in: SlackStandIn, max_messages: int = 5000) -> SlackHistory:
    client = WebClient(token="xoxb-test", base_url=stand_in.api_url)
    return SlackHistory(client, NameCache(client), max_messages)


def channel_with_a_thread(stand_in: SlackStandIn) -> None:
    parent = "1700000100.000000"
    stand_in.add(
        "C1",
        said("UANA", "Shall we adopt BCP 38?", parent),
        said("UBEN", "Yes, first.", "1700000200.000000", thread_ts=parent),
        {"type": "message", "bot_id": "B1", "text": "bot", "ts": "1700000250.000000"}
        | {"thread_ts": parent},
        said("UDAN", "Agreed.", "1700000300.000000", thread_ts=parent),
        said("UCAT", "Last word.", "1700000400.000000"),
    )


def test_thread_replies_are_read_oldest_first_without_bots(stand_in: SlackStandIn) -> None:
    channel_with_a_thread(stand_in)
    messages = reader(stand_in).read(HistoryQuery(C1))
    assert [(m.user_id, m.text) for m in messages] == [
        ("UANA", "Shall we adopt BCP 38?"),
        ("UBEN", "Yes, first."),
        ("UDAN", "Agreed."),
        ("UCAT", "Last word."),
    ]
    assert messages[1].thread_id == "1700000100.000000"
    replies = stand_in.calls_to("conversations.replies")
    assert [c.params["ts"] for c in replies] == ["1700000100.000000"]  # one page of 200


def test_thread_replies_count_toward_the_limit_and_since(stand_in: SlackStandIn) -> None:
    channel_with_a_thread(stand_in)
    newest = reader(stand_in).read(HistoryQuery(C1, limit=2))
    assert [m.text for m in newest] == ["Agreed.", "Last word."]
    since = datetime.fromtimestamp(1700000150, UTC)
    later = reader(stand_in).read(HistoryQuery(C1, since=since))
    assert [m.text for m in later] == ["Yes, first.", "Agreed.", "Last word."]


def test_reading_stops_at_the_message_cap(stand_in: SlackStandIn) -> None:
    channel_with_a_thread(stand_in)
    messages = reader(stand_in, max_messages=3).read(HistoryQuery(C1))
    assert [m.text for m in messages] == ["Shall we adopt BCP 38?", "Yes, first.", "Last word."]
    assert len(stand_in.calls_to("conversations.replies")) == 1


def test_a_channel_the_bot_is_not_in_says_to_invite_it(stand_in: SlackStandIn) -> None:
    stand_in.fail("conversations.history", error="not_in_channel")
    with pytest.raises(HistoryUnreadable) as raised:
        reader(stand_in).read(HistoryQuery(C1))
    assert "/invite @wgbot" in raised.value.message
    assert "\\n" not in raised.value.message and "\n" not in raised.value.message


def test_summarize_in_a_channel_the_bot_is_not_in_tells_the_chair_what_to_do(
    slack_rig: RigFactory,
) -> None:
    ticks = Ticks()
    rig = slack_rig(pacer=Pacer(60.0, clock=ticks))
    rig.send.command("create BPF Cybersecurity")
    rig.api.fail("conversations.history", error="not_in_channel")
    rig.send.command("30d", command="/summarize")
    answer = rig.api.wait_for(
        "response_url", where=lambda c: "not_in_channel" in str(c.params.get("text"))
    )[0].params
    assert answer["response_type"] == "ephemeral"
    assert "not_in_channel" in answer["text"] and "/invite @wgbot" in answer["text"]
    assert "something went wrong" not in answer["text"]
    # The run released its lock: once the bot is invited, the next summary runs (a minute
    # later: Slack allows one history call a minute).
    ticks.advance(60)
    rig.api.add("C1", said("UBEN", "Hello.", f"{time.time() - 60:.6f}"))
    rig.send.command("30d", command="/summarize")
    second = rig.api.wait_for(
        "response_url", where=lambda c: "Draft recommendations" in str(c.params)
    )[0].params
    assert "Read 1 message" in str(second["blocks"])


def test_a_read_cut_at_the_cap_says_so_with_the_replies_left(stand_in: SlackStandIn) -> None:
    channel_with_a_thread(stand_in)
    capped = reader(stand_in, max_messages=3).read(HistoryQuery(C1))
    assert isinstance(capped, CappedRead)
    assert capped.unread == 2  # reply_count 3 (a bot's among them), one read
    whole = reader(stand_in).read(HistoryQuery(C1))
    assert not isinstance(whole, CappedRead)
    thread = reader(stand_in, max_messages=2).read(HistoryQuery(C1, thread_id="1700000100.000000"))
    assert isinstance(thread, CappedRead) and thread.unread == 2  # of its 4, 2 read


def test_a_revoked_token_stops_a_paced_read_with_what_to_do(stand_in: SlackStandIn) -> None:
    """The record's pager tells a revoked token apart from other refusals: its reader stops
    and keeps its jobs (an OAuth workspace) or tells the chair to reinstall (one token)."""
    client = WebClient(token="xoxb-test", base_url=stand_in.api_url)
    stand_in.revoked.add("xoxb-test")
    pager = SlackPager(client, NameCache(client))
    start, end = datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 1, 2, tzinfo=UTC)
    with pytest.raises(AccessRevoked) as raised:
        pager.page(C1, thread_id=None, oldest=start, latest=end, cursor=None)
    assert "token_revoked" in raised.value.message and "reinstall" in raised.value.message
    stand_in.revoked.clear()
    stand_in.fail("conversations.history", error="not_in_channel")
    with pytest.raises(HistoryUnreadable):  # any other refusal is the chair's to fix
        pager.page(C1, thread_id=None, oldest=start, latest=end, cursor=None)
