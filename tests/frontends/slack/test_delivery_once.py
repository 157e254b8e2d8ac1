"""Slack's delivery port tags what it posts (message metadata) and finds it again after a
crash within Slack's history budget, against the stand-in over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Platform, Reply, Section
from bot.core.ports import DeliveryError, Recipient, RecipientKind
from bot.frontends.slack.blocks import render
from bot.frontends.slack.budget import UNLISTED
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.delivery import SlackDelivery
from bot.record.budget import HISTORY, SharedPacer
from storage.database import Database
from testkit.slack.stand_in import SlackStandIn
from tests.harness import make_settings
from tests.hostile import MARKUP, MENTIONS

CLAIMED = datetime(2023, 11, 14, 22, 0, tzinfo=UTC)  # before the stand-in's ts 1700000000.x
TO = Recipient(Platform.SLACK, RecipientKind.CHANNEL, "C1")


class Ticks:
    """Monotonic seconds the test moves by hand (the history budget's clock)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """Where the history budget is shared by the lookups and the record's reads."""
    db = Database(database_url)
    yield db
    db.dispose()


def _port(stand_in: SlackStandIn, ticks: Ticks, database: Database) -> SlackDelivery:
    """An unlisted distributed app's budget: one history call a minute, 15 messages."""
    settings = make_settings(
        slack_bot_token="xoxb-test",
        slack_api_url=stand_in.api_url,
        wgbot_slack_history_budget="unlisted",
    )
    client = make_web_client(settings, wait_on_rate_limit=False)
    return SlackDelivery(client, database=database, settings=settings, clock=ticks)


def _long(key: str) -> Reply:
    """A reply Slack needs several messages for (over 50 blocks)."""
    hostile = MENTIONS + MARKUP
    lines = tuple(f"{hostile[n % len(hostile)]} {n}" for n in range(10))
    sections = tuple(Section(f"part {n}", lines) for n in range(60))
    return Reply(title="Weekly nudge", text="", sections=sections, metadata={DELIVERY_KEY: key})


def _payloads(stand_in: SlackStandIn) -> list[dict[str, object]]:
    return [m["metadata"]["event_payload"] for m in stand_in.messages_in("C1")]


def test_each_part_carries_its_key_and_a_restart_finds_them(
    stand_in: SlackStandIn, database: Database
) -> None:
    ticks = Ticks()
    first = _port(stand_in, ticks, database).send(TO, _long("nudge|1|slack:channel:C1|2027-W02"))
    payloads = _payloads(stand_in)
    parts = len(render(_long("")))
    assert parts >= 2 and len(payloads) == parts
    assert [(p["part"], p["parts"]) for p in payloads] == [(n, parts) for n in range(parts)]
    posted = stand_in.calls_to("chat.postMessage")[0].params["metadata"]
    assert posted["event_type"] == "wgbot_delivery"

    restarted = _port(stand_in, ticks, database)  # a new process: nothing in memory
    assert restarted.find_sent(TO, "nudge|1|slack:channel:C1|2027-W02", CLAIMED) == first
    call = stand_in.calls_to("conversations.history")[-1].params
    assert call["include_all_metadata"] in ("1", "true") and int(call["limit"]) == 15
    with pytest.raises(DeliveryError) as paced:  # one history call a minute: not now
        restarted.find_sent(TO, "nudge|1|slack:channel:C1|2027-W03", CLAIMED)
    assert paced.value.retry_after == 60
    assert len(stand_in.calls_to("conversations.history")) == 1  # nothing was asked of Slack
    ticks.now += 60
    assert restarted.find_sent(TO, "nudge|1|slack:channel:C1|2027-W03", CLAIMED) is None


def test_a_partly_posted_message_is_completed_never_repeated(
    stand_in: SlackStandIn, database: Database
) -> None:
    ticks = Ticks()
    key = "coverage|1|slack:channel:C1|2027-W02"
    stand_in.fail("chat.postMessage", status=200, error="fatal_error", after=1)
    with pytest.raises(DeliveryError) as failed:
        _port(stand_in, ticks, database).send(TO, _long(key))
    assert failed.value.maybe_sent  # part 0 is on Slack: look before sending again
    assert len(_payloads(stand_in)) == 1

    restarted = _port(stand_in, ticks, database)
    assert restarted.find_sent(TO, key, CLAIMED) is None  # not all there: send the rest
    first = restarted.send(TO, _long(key))
    payloads = _payloads(stand_in)
    assert [p["part"] for p in payloads] == list(range(len(render(_long(key)))))
    assert first == stand_in.messages_in("C1")[0]["ts"]


def test_a_busy_channel_is_read_a_page_a_minute(stand_in: SlackStandIn, database: Database) -> None:
    ticks = Ticks()
    key = "deadline|1|slack:channel:C1|2027-03-31:T-7"
    port = _port(stand_in, ticks, database)
    sent = port.send(TO, Reply(text="7 days left", metadata={DELIVERY_KEY: key}))
    for n in range(40):  # people talk after the reminder
        port.send(TO, Reply(text=f"message {n}"))
    restarted = _port(stand_in, ticks, database)
    for _ in range(2):
        with pytest.raises(DeliveryError) as reading:
            restarted.find_sent(TO, key, CLAIMED)
        assert reading.value.retry_after == 60
        ticks.now += 60
    assert restarted.find_sent(TO, key, CLAIMED) == sent
    calls = stand_in.calls_to("conversations.history")
    assert len(calls) == 3 and [bool(c.params.get("cursor")) for c in calls] == [
        False,
        True,
        True,
    ]


def test_slack_answering_429_leaves_it_unknown(stand_in: SlackStandIn, database: Database) -> None:
    ticks = Ticks()
    stand_in.fail("conversations.history", status=429, headers={"Retry-After": "42"})
    with pytest.raises(DeliveryError) as limited:
        _port(stand_in, ticks, database).find_sent(TO, "nudge|1|slack:channel:C1|2027-W02", CLAIMED)
    assert limited.value.retry_after == 42


def test_the_lookup_and_the_record_s_reads_spend_one_budget(
    stand_in: SlackStandIn, database: Database
) -> None:
    """A record read took this minute's conversations.history call (in any process): the
    lookup waits for the next one instead of drawing Slack's 429."""
    ticks = Ticks()
    record = SharedPacer(database, "slack", "", UNLISTED, ticks)
    assert record.take(HISTORY)
    with pytest.raises(DeliveryError) as paced:
        _port(stand_in, ticks, database).find_sent(TO, "nudge|1|slack:channel:C1|2027-W02", CLAIMED)
    assert paced.value.retry_after == 60
    assert stand_in.calls_to("conversations.history") == []
    ticks.now += 60
    assert _port(stand_in, ticks, database).find_sent(TO, "nudge|1|x|2027-W02", CLAIMED) is None
    assert not record.take(HISTORY)  # the lookup spent this minute's call, for the record too
