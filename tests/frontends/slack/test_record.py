"""The discussion record over the real Slack HTTP app: messages arrive as signed events and
are kept, edits replace, deletions remove, a thread broadcast is one message, and /summarize
drafts from the record while Slack refuses every history read, across a restart."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from storage.store import Store
from testkit.summarizer.standin import Behaviour, StandIn
from tests.frontends.slack.conftest import RigFactory, SlackRig
from tests.frontends.slack.helpers import Ticks, group_messages

THREAD_SIZE = 60


@pytest.fixture
def llm() -> Iterator[StandIn]:
    with StandIn(Behaviour(context_limit=64000)) as server:
        yield server


def llm_settings(server: StandIn) -> dict[str, Any]:
    return {
        "openai_api_key": "k",
        "openai_base_url": server.base_url,
        "wgbot_llm_model": "standin-1",
        "wgbot_llm_context_tokens": 64000,
        "wgbot_llm_attempts": 2,
        "wgbot_llm_backoff": 0.01,
    }


def said(user: str, text: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel": "C1",
        "user": user,
        "text": text,
        "ts": ts,
        "channel_type": "channel",
        **extra,
    }


def wait_until(check: Any, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def kept_texts(rig: SlackRig) -> dict[str, str | None]:
    with rig.core.database.session() as session:
        rows = Store(session).record.thread("slack", "C1", THREAD, None)
        return {r.message_id: r.text for r in rows}


THREAD = ""  # set per test run: the parent's ts


def test_summary_of_a_thread_comes_from_the_record_while_history_is_refused(
    slack_rig: RigFactory, llm: StandIn
) -> None:
    global THREAD
    first = slack_rig(**llm_settings(llm))
    first.send.command("create BPF Cybersecurity")
    first.api.fail("conversations.replies", status=429, headers={"Retry-After": "60"}, times=1000)
    first.api.fail("conversations.history", status=429, headers={"Retry-After": "60"}, times=1000)
    base = time.time()
    THREAD = parent = f"{base:.6f}"
    people = ["UBEN", "UCAT", "UDAN", "UEVA"]
    first.send.event(said("UANA", "Shall we adopt BCP 38?", parent), event_id="Ev0")
    replies = [f"{base + n + 1:.6f}" for n in range(THREAD_SIZE)]

    def reply(n: int, rig: SlackRig) -> None:
        text = f"Reply {n}: ISPs should filter spoofed traffic, point {n}."
        extra: dict[str, Any] = {"thread_ts": parent}
        if n == 7:  # also sent to the channel: one message, not two
            extra["subtype"] = "thread_broadcast"
        rig.send.event(said(people[n % 4], text, replies[n], **extra), event_id=f"Ev{n + 1}")

    for n in range(THREAD_SIZE // 2):
        reply(n, first)
    wait_until(lambda: sum(group_messages(first).values()) == 1 + THREAD_SIZE // 2)

    # A restart: a new bot process on the same database takes the rest of the events.
    second = slack_rig(**llm_settings(llm))
    for n in range(THREAD_SIZE // 2, THREAD_SIZE):
        reply(n, second)
    second.send.event(said("UBEN", "Reply 3: dup", replies[3], thread_ts=parent), event_id="Ev3")
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C1",
        "ts": f"{base + 100:.6f}",
        "message": said(
            "UDAN",
            "Reply 2, edited: only after a pilot.",
            replies[2],
            thread_ts=parent,
            edited={"user": "UDAN", "ts": f"{base + 100:.6f}"},
        ),
        "previous_message": said("UDAN", "Reply 2: old words", replies[2], thread_ts=parent),
    }
    second.send.event(edit, event_id="EvEdit")
    deletion = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": "C1",
        "ts": f"{base + 101:.6f}",
        "deleted_ts": replies[5],
        "previous_message": said("UBEN", "Reply 5: gone", replies[5], thread_ts=parent),
    }
    second.send.event(deletion, event_id="EvDelete")
    wait_until(
        lambda: (
            sum(group_messages(second).values()) == THREAD_SIZE
            and "edited" in str(kept_texts(second).get(replies[2]))
        )
    )

    link = f"https://igf.slack.com/archives/C1/p{parent.replace('.', '')}"
    second.send.command(link, command="/summarize")
    answer = second.api.wait_for(
        "response_url", where=lambda c: "Draft recommendations" in str(c.params), timeout=60
    )[0].params
    text = str(answer["blocks"])
    assert f"Read {THREAD_SIZE} messages" in text  # parent + 60 replies − 1 deleted: all
    assert not second.api.calls_to("conversations.replies")  # nothing was missing
    assert not second.api.calls_to("conversations.history")
    sent = " ".join(r.user for r in llm.requests)
    assert "only after a pilot" in sent and "old words" not in sent and "Reply 2: ISPs" not in sent
    assert "Reply 5:" not in sent  # the deleted message never reached the model
    assert sent.count("Reply 7:") == 1  # the broadcast reply is one message


@pytest.mark.xdist_group("realtime")  # real time (see tests/frontends/slack/test_storm.py)
def test_a_summary_needing_older_history_is_paced_shows_progress_and_survives_a_restart(
    slack_rig: RigFactory,
) -> None:
    """Slack's budget: one history call a minute, 15 messages a call. The thread started
    before the bot was bound: /summarize reads what one call allows, tells the chair how far
    it is, answers other commands meanwhile, goes on a minute later (in a new process after
    a restart, from the saved cursor), and posts the draft when done."""
    ticks = Ticks()
    first = slack_rig(history_clock=ticks, wgbot_slack_history_budget="unlisted")
    first.api.paced()
    first.api.monotonic = ticks
    first.send.command("create BPF Cybersecurity")
    start = time.time() - 3 * 86400
    parent = f"{start:.6f}"
    replies = [
        said(
            f"U{n % 5}",
            f"Old reply {n}: filter spoofed traffic.",
            f"{start + n:.6f}",
            thread_ts=parent,
        )
        for n in range(1, 45)
    ]
    first.api.add("C1", said("UANA", "Shall we adopt BCP 38?", parent), *replies)

    link = f"https://igf.slack.com/archives/C1/p{parent.replace('.', '')}"
    first.send.command(link, command="/summarize")
    waiting = first.api.wait_for(
        "response_url", where=lambda c: "reading Slack history" in str(c.params.get("text"))
    )[0].params
    assert (
        "reading Slack history: read 15 of ~45 messages; 30 not yet read, about 2 min; "
        "I will post when done" in waiting["text"]
    )
    assert waiting["response_type"] == "ephemeral"
    calls = first.api.calls_to("conversations.replies")
    assert len(calls) == 1 and int(calls[0].params["limit"]) == 15
    status = first.send.command("status")  # other commands are answered meanwhile
    assert status.status == 200 and status.elapsed < 3

    ticks.advance(60)
    first.runtime.filler.wake()
    wait_until(lambda: len(first.api.calls_to("conversations.replies")) == 2)
    first.runtime.close()  # a restart: the job and its cursor are in the database

    second = slack_rig(history_clock=ticks, wgbot_slack_history_budget="unlisted")
    ticks.advance(60)
    second.runtime.filler.wake()
    posted = second.api.wait_for(
        "chat.postEphemeral",
        where=lambda c: "Draft recommendations" in str(c.params.get("blocks")),
        timeout=30,
    )[0].params
    assert posted["user"] == "UANA" and posted["channel"] == "C1"
    assert "Read 45 messages" in str(posted["blocks"])
    calls = second.api.calls_to("conversations.replies")
    cursors = [c.params.get("cursor") for c in calls]
    assert len(cursors) == 3 and len(set(cursors)) == 3  # no page read twice


def test_binding_a_channel_backfills_its_recent_history_and_a_reinvite_reads_only_the_pause(
    slack_rig: RigFactory,
) -> None:
    ticks = Ticks()
    rig = slack_rig(
        history_clock=ticks, wgbot_backfill_days=30, wgbot_slack_history_budget="unlisted"
    )
    rig.api.paced()
    rig.api.monotonic = ticks
    now = time.time()
    older = [said(f"U{n % 3}", f"Before the bot {n}.", f"{now - 86400 + n:.6f}") for n in range(20)]
    rig.api.add("C1", *older)
    rig.send.command("create BPF Cybersecurity")
    rig.runtime.filler.wake()
    wait_until(lambda: len(rig.api.calls_to("conversations.history")) == 1)
    first = rig.api.calls_to("conversations.history")[0].params
    assert abs(float(first["oldest"]) - (now - 30 * 86400)) < 120 and int(first["limit"]) == 15
    ticks.advance(60)
    rig.runtime.filler.wake()
    wait_until(lambda: sum(group_messages(rig).values()) == 20)
    assert len(rig.api.calls_to("conversations.history")) == 2

    # Invited again: the record lacks nothing (it was listening), so no history is read.
    joined = {"type": "member_joined_channel", "user": "UBOT", "channel": "C1"}
    assert rig.send.event(joined, event_id="EvJoin").status == 200
    time.sleep(0.5)
    ticks.advance(60)
    rig.runtime.filler.wake()
    time.sleep(0.5)
    assert len(rig.api.calls_to("conversations.history")) == 2
    with rig.core.database.session() as session:
        assert Store(session).record_gaps.pending_jobs("slack") == []
        # Forget that the history was read: now the invite finds a gap and reads it again.
        session.exec(text("DELETE FROM record_span"))  # type: ignore[call-overload]
    ticks.advance(60)
    assert rig.send.event(joined, event_id="EvJoin2").status == 200
    wait_until(lambda: len(rig.api.calls_to("conversations.history")) == 3)
    assert sum(group_messages(rig).values()) == 20  # read again, kept once
