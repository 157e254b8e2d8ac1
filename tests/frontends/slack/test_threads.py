"""Threads read as threads, over the real Slack HTTP app and a Web API stand-in that pages as
Slack does (history lists parents only; replies need conversations.replies): a 420-message
thread that predates the bot is drafted whole on a single-token install (Tier 3), shows honest
progress and completes on the unlisted budget (time moved by hand), and a thread older than
the record's retention gets an answer that says so."""

from __future__ import annotations

import time
from typing import Any

from storage.store import Store
from tests.frontends.slack.conftest import RigFactory, SlackRig
from tests.frontends.slack.helpers import Ticks

REPLIES = 419


def said(user: str, text: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "user": user, "text": text, "ts": ts, **extra}


def old_thread(rig: SlackRig, days_ago: float = 3) -> str:
    """A thread of 1 + 419 messages, all posted before the bot came; returns its link."""
    start = time.time() - days_ago * 86400
    parent = f"{start:.6f}"
    replies = [
        said(f"U{n % 7}", f"Reply {n}: filter spoofed traffic at the edge.", f"{start + n:.6f}")
        | {"thread_ts": parent}
        for n in range(1, REPLIES + 1)
    ]
    rig.api.add("C1", said("UANA", "Shall we adopt BCP 38?", parent), *replies)
    return f"https://igf.slack.com/archives/C1/p{parent.replace('.', '')}"


def test_a_thread_older_than_the_bot_is_drafted_whole_on_a_single_token_install(
    slack_rig: RigFactory,
) -> None:
    rig = slack_rig(wgbot_backfill_days=30)  # SLACK_BOT_TOKEN only: an internal app, Tier 3
    link = old_thread(rig)
    began = time.monotonic()
    rig.send.command("create BPF Cybersecurity")  # binding backfills the last 30 days
    rig.send.command(link, command="/summarize")
    draft = rig.api.wait_for(
        "response_url", where=lambda c: "Draft recommendations" in str(c.params), timeout=60
    )[0].params
    assert time.monotonic() - began < 60
    assert f"Read {REPLIES + 1} messages" in str(draft["blocks"])
    for call in rig.api.calls_to("conversations.replies"):
        assert int(call.params["limit"]) >= 200  # Tier 3 pages, not the unlisted 15
    assert rig.api.history_calls_per_minute("conversations.replies") <= 50


def test_on_the_unlisted_budget_the_chair_sees_what_is_unread_and_the_draft_follows(
    slack_rig: RigFactory,
) -> None:
    """One call a minute, 15 messages a call: the backfill reads the channel's top level
    (the parent, with reply_count 419), and that channel span does not vouch for the thread:
    /summarize waits, says what is not read and how long it takes, and drafts it all later."""
    ticks = Ticks()
    rig = slack_rig(
        history_clock=ticks, wgbot_backfill_days=30, wgbot_slack_history_budget="unlisted"
    )
    rig.api.paced()
    rig.api.monotonic = ticks
    link = old_thread(rig)
    rig.send.command("create BPF Cybersecurity")
    rig.api.wait_for("conversations.history", timeout=30)  # the backfill: this minute's call
    ticks.advance(60)
    rig.send.command(link, command="/summarize")
    waiting = rig.api.wait_for(
        "response_url", where=lambda c: "not yet read" in str(c.params.get("text"))
    )[0].params
    assert "Draft recommendations" not in str(rig.api.calls_to("response_url"))
    # The summary or the backfill spent this minute's call: either way the chair is told.
    assert (
        "read 15 of ~420 messages; 405 not yet read, about 27 min" in waiting["text"]
        or "read 0 messages so far, the rest not yet read" in waiting["text"]
    ), waiting["text"]
    for _minute in range(60):
        if any(
            "Draft recommendations" in str(c.params.get("blocks"))
            for c in rig.api.calls_to("chat.postEphemeral")
        ):
            break
        ticks.advance(60)
        rig.runtime.filler.wake()
        time.sleep(0.2)
    posted = rig.api.wait_for(
        "chat.postEphemeral",
        where=lambda c: "Draft recommendations" in str(c.params.get("blocks")),
        timeout=30,
    )[0].params
    assert f"Read {REPLIES + 1} messages" in str(posted["blocks"])
    for call in rig.api.calls_to("conversations.replies"):
        assert int(call.params["limit"]) == 15
    assert rig.api.history_calls_per_minute("conversations.replies") == 1
    # The backfill queued the same thread: once the summary read it whole, the backfill
    # does not read it again (a page or two of the backfill's may go before the summary's
    # read vouches for the thread; read twice it would be 56 calls).
    for _minute in range(5):
        ticks.advance(60)
        rig.runtime.filler.wake()
        time.sleep(0.2)
    assert len(rig.api.calls_to("conversations.replies")) <= 2 + -(-(REPLIES + 1) // 15)
    with rig.runtime.core.database.session(readonly=True) as session:
        assert Store(session).record_gaps.pending_jobs("slack") == []  # the backfill is done
    progress = [str(c.params["text"]) for c in rig.api.calls_to("chat.postEphemeral")]
    assert any(  # progress along the way, once Slack said how many
        "read 75 of ~420 messages; 345 not yet read, about 23 min" in t for t in progress
    ), progress


def test_a_page_capped_below_the_limit_steps_the_budget_down(slack_rig: RigFactory) -> None:
    """The install is taken for internal, but Slack serves 15 a call: the bot asks for 15,
    once a minute, from then on (every process: the budget is in the database)."""
    ticks = Ticks()
    rig = slack_rig(history_clock=ticks)
    rig.api.paced()
    rig.api.monotonic = ticks
    link = old_thread(rig)
    rig.send.command("create BPF Cybersecurity")
    rig.send.command(link, command="/summarize")
    rig.api.wait_for("response_url", where=lambda c: "not yet read" in str(c.params.get("text")))
    first = rig.api.calls_to("conversations.replies")
    assert int(first[0].params["limit"]) == 200
    ticks.advance(60)
    rig.runtime.filler.wake()
    rig.api.wait_for("conversations.replies", 2)
    second = rig.api.calls_to("conversations.replies")[1]
    assert int(second.params["limit"]) == 15
    assert rig.runtime.filler.pacer.interval == 60.0


def test_a_thread_older_than_the_retention_period_is_answered_plainly(rig: SlackRig) -> None:
    settings = rig.core.settings
    link = old_thread(rig, days_ago=settings.wgbot_record_days + 10)
    rig.send.command("create BPF Cybersecurity")
    rig.send.command(link, command="/summarize")
    answer = rig.api.wait_for(
        "response_url", where=lambda c: "WGBOT_RECORD_DAYS" in str(c.params.get("text"))
    )[0].params
    text = str(answer["text"])
    assert f"keeps people's words for {settings.wgbot_record_days} days" in text
    assert "/summarize 30d" in text and "No messages" not in text
    assert not rig.api.calls_to("conversations.replies")
