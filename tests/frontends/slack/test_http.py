"""Slash commands, events and signatures through the real bolt App over real HTTP."""

from __future__ import annotations

import time

import pytest

from storage.store import Store
from tests.frontends.slack.conftest import SlackRig
from tests.frontends.slack.helpers import audit_count, block_text, group_messages


def test_bad_or_stale_signature_gets_401_and_changes_nothing(rig: SlackRig) -> None:
    forged = rig.send.command("create BPF Cyber", signature="v0=" + "0" * 64)
    stale = rig.send.command("create BPF Cyber", timestamp=int(time.time()) - 600)
    assert forged.status == 401
    assert stale.status == 401
    assert audit_count(rig) == 0
    assert [c.method for c in rig.api.calls if c.method != "auth.test"] == []


def test_wg_status_through_http_is_public_block_kit(rig: SlackRig) -> None:
    rig.api.display_names["UANA"] = "Ana"
    created = rig.send.command("create BPF Cybersecurity")
    assert created.status == 200
    assert created.json()["response_type"] == "in_channel"
    rig.send.command("join cs grulac")

    status = rig.send.command("status")
    body = status.json()
    assert status.status == 200
    assert body["response_type"] == "in_channel"
    assert body["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "BPF Cybersecurity: status"},
    }
    text = block_text(body["blocks"])
    assert "*Chairs*\n@Ana" in text  # display name from users.info
    assert "Needs attention" in text
    assert "BPF Cybersecurity: status" in body["text"]  # plain-text fallback


def test_display_names_are_looked_up_once(rig: SlackRig) -> None:
    rig.send.command("help")
    rig.send.command("help")
    assert len(rig.api.calls_to("users.info")) == 1


def test_errors_are_ephemeral_and_write_nothing(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    before = audit_count(rig)
    response = rig.send.command("join martians")
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert body["text"].startswith(":x: `martians` is not a stakeholder group")
    assert audit_count(rig) == before


def test_summarize_reads_the_channel_and_answers_the_chair_privately(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    now = time.time()
    rig.api.add(
        "C1",
        *[  # the bot's own message is skipped
            {
                "type": "message",
                "user": "UBEN",
                "text": "We should adopt BCP 38 first.",
                "ts": f"{now - 300:.6f}",
            },
            {
                "type": "message",
                "subtype": "bot_message",
                "bot_id": "B1",
                "text": "nudge",
                "ts": f"{now - 400:.6f}",
            },
            {
                "type": "message",
                "user": "UANA",
                "text": "Which ISPs could join us?",
                "ts": f"{now - 500:.6f}",
            },
        ],
    )
    response = rig.send.command("30d", command="/summarize")
    assert response.status == 200  # acked at once; the work runs after the ack
    answer = rig.api.wait_for(
        "response_url", where=lambda c: "Draft recommendations" in str(c.params)
    )[0].params
    working = rig.api.calls_to("response_url")[0].params
    # The chair alone sees "working on it", then the draft in its place; the channel sees nothing.
    assert "Working on" in working["text"] and working["response_type"] == "ephemeral"
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is True
    assert not rig.api.calls_to("chat.postMessage")
    text = str(answer["blocks"])
    assert "offline draft" in text and "Read 2 messages" in text
    # The bot never unfurls links: a draft cites many messages.
    assert answer["unfurl_links"] is False and answer["unfurl_media"] is False
    assert rig.api.calls_to("conversations.history")


def test_redelivered_event_is_counted_once(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    message = {
        "type": "message",
        "channel": "C1",
        "user": "UBEN",
        "text": "I think we should…",
        "ts": f"{time.time():.6f}",
        "channel_type": "channel",
    }
    assert rig.send.event(message, event_id="Ev001").status == 200
    assert rig.send.event(message, event_id="Ev001", retry_num=1).status == 200
    assert rig.send.event(message, event_id="Ev001", retry_num=2).status == 200
    bot_post = {**message, "bot_id": "BBOT", "user": "UBOT"}
    rig.send.event(bot_post, event_id="Ev002")
    later = f"{float(message['ts']) + 1:.6f}"  # another message: another ts
    rig.send.event({**message, "user": "UCAT", "ts": later}, event_id="Ev003")

    deadline = time.monotonic() + 10
    while group_messages(rig) != {("slack", "UBEN"): 1, ("slack", "UCAT"): 1}:
        assert time.monotonic() < deadline, group_messages(rig)
        time.sleep(0.05)
    time.sleep(0.3)  # a late duplicate would land by now
    assert group_messages(rig) == {("slack", "UBEN"): 1, ("slack", "UCAT"): 1}


def test_app_home_shows_the_users_groups(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    event = {"type": "app_home_opened", "user": "UANA", "channel": "D1", "tab": "home"}
    assert rig.send.event(event, event_id="Ev100").status == 200
    published = rig.api.wait_for("views.publish")[0].params
    assert published["user_id"] == "UANA"
    view = published["view"]
    assert view["type"] == "home"
    text = block_text(view["blocks"])
    assert "BPF Cybersecurity (chair)" in text
    assert "Charter 0/10" in text


def test_mentions_arrive_escaped_and_name_the_user_by_id(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    reply = rig.send.command("sponsor <@UZOE|zoe>").json()
    assert reply["response_type"] == "in_channel"
    assert "@zoe is now the MAG sponsor" in reply["text"]
    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", "C1")
        assert group is not None and group.id is not None
        assert [s.user_id for s in store.sponsors.of_group(group.id)] == ["UZOE"]
    rig.send.command("ask read <https://igf.org/doc|the doc> &amp; fix &lt;b&gt; in <#C9|wg-x>")
    with rig.core.database.session() as session:
        store = Store(session)
        assert group.id is not None
        assert [a.text for a in store.asks.open(group.id)] == [
            "read the doc (https://igf.org/doc) & fix <b> in #wg-x"
        ]


@pytest.mark.xdist_group("realtime")  # real time (see tests/frontends/slack/test_storm.py)
def test_rate_limited_name_lookup_never_holds_the_ack(rig: SlackRig) -> None:
    rig.api.fail("users.info", status=429, headers={"Retry-After": "30"})
    response = rig.send.command("create BPF Cybersecurity", user="UNEW")
    assert response.status == 200
    assert response.elapsed < 10  # not the 30 s Slack asked to wait
    status = rig.send.command("status", user="UNEW").json()
    assert "@unew" in block_text(status["blocks"])  # the name Slack sent, as a fallback


def test_a_count_that_fails_is_not_lost_to_the_redelivery(
    rig: SlackRig, caplog: pytest.LogCaptureFixture
) -> None:
    """Kept before the answer leaves: when keeping the message fails (here its table is
    briefly away), Slack gets a 500, not a 200, so it redelivers; the event id is claimed in
    the record's own transaction, so the redelivery counts once and later ones not at all."""
    rig.send.command("create BPF Cybersecurity")
    move_record_table(rig, "record_message", "record_message_away")
    message = {
        "type": "message",
        "channel": "C1",
        "user": "UBEN",
        "text": "I think we should…",
        "ts": f"{time.time():.6f}",
        "channel_type": "channel",
    }
    first = rig.send.event(message, event_id="Ev500")
    assert first.status == 500  # Slack retries a 5xx (and never a 200)
    assert any("record_message" in str(r.exc_info) for r in caplog.records)
    move_record_table(rig, "record_message_away", "record_message")
    assert group_messages(rig) == {}

    assert rig.send.event(message, event_id="Ev500", retry_num=1).status == 200
    assert group_messages(rig) == {("slack", "UBEN"): 1}  # counted before the 200
    assert rig.send.event(message, event_id="Ev500", retry_num=2).status == 200
    assert group_messages(rig) == {("slack", "UBEN"): 1}


def move_record_table(rig: SlackRig, name: str, to: str) -> None:
    with rig.core.database.engine.begin() as connection:
        connection.exec_driver_sql(f"ALTER TABLE {name} RENAME TO {to}")
