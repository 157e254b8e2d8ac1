"""Hostile text in every field a person fills, through the real bolt App over signed HTTP:
everything the bot sends (acks, Web API bodies with their fallback `text`, response_url
posts, DMs, the Home tab) keeps it inert, and the person's words are still there."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.core.messages import Platform, Reply, Where
from bot.core.ports import DeliveryError, HistoryQuery, Recipient, RecipientKind
from bot.frontends.slack.blocks import render
from bot.frontends.slack.text import command_text, decode, message_text, mrkdwn
from bot.scheduler.messages import nudge
from bot.summarizer.render import reply_from_record
from storage.store import Store
from tests.frontends.slack.conftest import SlackRig
from tests.frontends.slack.helpers import block_text
from tests.frontends.slack.test_real_buttons import buttons_of, private_draft
from tests.hostile import HOSTILE, SLACK_ENTITIES, assert_inert_slack, slack_texts, slack_wire

SKIP = {"auth.test", "users.info", "conversations.history", "conversations.replies", "upload"}


def sent(rig: SlackRig, acks: list[Any]) -> list[Any]:
    """Every payload the bot sent: the acks and each call's body."""
    return [*acks, *(c.params for c in rig.api.calls if c.method not in SKIP)]


def shown(payloads: list[Any]) -> str:
    """All text Slack would show, entities decoded back, for reading the words in it."""
    return "\n".join(decode(text) for p in payloads for text, _kind in slack_texts(p))


# -- IN: the decoder ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "neutral"),
    [
        ("R&amp;D &amp;amp; &lt;b&gt;", "R&D &amp; <b>"),
        ("<https://evil.example/login|IGF sign-in>", "IGF sign-in (https://evil.example/login)"),
        ("<https://igf.org>", "https://igf.org"),
        ("<http://igf.org|igf.org>", "http://igf.org"),
        ("<mailto:jari@ietf.org|jari@ietf.org>", "jari@ietf.org"),
        ("<mailto:jari@ietf.org|the boss>", "the boss (jari@ietf.org)"),
        ("<!channel> <!here> <!everyone>", "@channel @here @everyone"),
        ("<#C1|general> <#C2>", "#general #C2"),
        ("<!subteam^S1|@cyber-team> <!subteam^S2>", "@cyber-team @group"),
        ("<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014"),
        ("<@U1|ana> <@U2>", "@ana @U2"),
        ("<https://x.org/?a=1&amp;b=2|a &amp; b>", "a & b (https://x.org/?a=1&b=2)"),
    ],
)
def test_slack_wire_becomes_neutral_text(wire: str, neutral: str) -> None:
    assert decode(wire) == neutral


def test_command_text_keeps_people_as_mention_tokens_and_history_names_them() -> None:
    assert command_text("<@U1|Marta Ruiz> &lt;3") == "<@U1|Marta Ruiz> <3"
    assert message_text("thanks <@U1>", {"U1": "Ana"}.get) == "thanks @Ana"  # type: ignore[arg-type]


def test_mrkdwn_leaves_nothing_live_and_every_word_readable() -> None:
    for text in HOSTILE:
        out = mrkdwn(text)
        assert_inert_slack([{"text": out}])
        assert decode(out).replace("\u2060", "") == text


# -- OUT: a whole group life with hostile text in every field ----------------------------------


def test_hostile_text_in_every_field_is_inert_in_everything_sent(rig: SlackRig) -> None:
    acks: list[Any] = []

    def command(text: str, channel: str, user: str = "UANA", root: str = "/wg") -> None:
        response = rig.send.command(text, channel=channel, user=user, command=root)
        assert response.status == 200
        acks.append(response.json())

    rig.api.display_names["UEVE"] = "<!channel> Eve"  # a display name is user text too
    cases = [slack_wire(text) for text in HOSTILE] + list(SLACK_ENTITIES)
    for n, wire in enumerate(cases):
        channel = f"C{n}"
        command(f"create {wire}", channel)
        command(f"goal {wire}", channel)
        command(f"ask {wire}", channel, user="UEVE")
        command(f"charter 1 {wire}", channel)
        command(f"liaison add {wire}", channel)
        command(f"join cs {wire}", channel)  # a bad region: the error names what was typed
        command(f"mute region {wire}", channel)
        command("sponsor <@UZOE|zoe>", channel)
        command("status", channel)
        command("history", channel)
        values = {f"q{i}": {"answer": {"value": ""}} for i in range(1, 11)}
        values["q2"] = {"answer": {"value": HOSTILE[n % len(HOSTILE)]}}
        assert rig.send.view_submission("wg_charter", values, channel=channel).status == 200
    rig.send.event({"type": "app_home_opened", "user": "UANA", "tab": "home"}, event_id="Ev1")
    rig.api.wait_for("views.publish")
    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", "C0")
        assert group is not None and group.id is not None
        sponsor = store.sponsors.of_group(group.id)[0]
        reply = nudge(store, rig.core.settings, group, sponsor, datetime.now(UTC))
    rig.runtime.delivery.send(Recipient(Platform.SLACK, RecipientKind.USER, "UZOE"), reply)

    payloads = sent(rig, acks)
    assert assert_inert_slack(payloads) > 300
    words = shown(payloads)
    # The words are all there, readable; a link shows its address next to its label.
    assert "IGF official sign-in (https://evil.example/login)" in words
    assert "Everyone @\u2060channel read" in words
    assert "R&D" in words and "R&amp;D" not in words
    assert "(@<!channel> Eve)" in words  # a display name is shown as it is, inert
    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", f"C{len(HOSTILE)}")
        assert group is not None
        # Stored as neutral text: what the person saw, not Slack's wire format.
        assert (
            group.goal == "Everyone @channel read IGF official sign-in (https://evil.example/login)"
        )


def test_a_summary_of_hostile_messages_reads_cleanly_and_stays_inert(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    now = time.time()
    # The last one proposes something, so the offline drafter quotes it.
    texts = [
        *(slack_wire(t) for t in HOSTILE),
        *SLACK_ENTITIES,
        f"We should ask that {SLACK_ENTITIES[0]}",
    ]
    rig.api.add(
        "C1",
        *[
            {"type": "message", "user": f"U{n}", "text": text, "ts": f"{now - 600 + n:.6f}"}
            for n, text in reversed(list(enumerate(texts)))
        ],
    )
    rig.send.command("30d", command="/summarize")
    draft = rig.api.wait_for(
        "response_url", where=lambda c: "Draft recommendations" in str(c.params)
    )[0].params
    assert_inert_slack([draft])
    words = shown([draft])
    assert "R&amp;amp;D" not in str(draft) and "&lt; label&gt;" not in str(draft)
    # The offline drafter quotes the proposal: decoded once, the label kept, the link shown as
    # its host (a draft carries no link; its sources section has the permalinks).
    assert "Everyone @\u2060channel read IGF official sign-in (evil.example)" in words


def test_a_live_mention_is_only_one_the_bot_means() -> None:
    message = render(Reply(text="<!channel> asked", mentions=("U1", "<!here>")))[0]
    assert message.text.startswith("<@U1> &lt;!channel&gt;")
    assert_inert_slack([message.blocks, {"text": message.text}], allowed=["<@U1>"])


# -- never silent -----------------------------------------------------------------------------


def test_history_is_read_as_neutral_text(rig: SlackRig) -> None:
    rig.api.display_names["U1"] = "Ana"
    rig.api.add(
        "C1",
        *[{"type": "message", "user": "U2", "text": SLACK_ENTITIES[2] + " <@U1>", "ts": "1.0"}],
    )
    [message] = rig.runtime.history.read(HistoryQuery(Where(Platform.SLACK, "C1")))
    assert message.text == "R&D <!channel> <https://evil.example|safe> boss@igf.org (a@b.org) @Ana"


def test_a_form_saved_where_the_bot_cannot_post_is_confirmed_by_dm(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    rig.api.fail("chat.postMessage", error="not_in_channel")
    values = {f"q{i}": {"answer": {"value": ""}} for i in range(1, 11)}
    values["q1"] = {"answer": {"value": "Small states <!channel>"}}
    assert rig.send.view_submission("wg_charter", values).status == 200
    dm = rig.api.wait_for("chat.postMessage", 2)[1].params
    assert dm["channel"] == "DUANA"
    assert "Saved. Posting the confirmation in the channel failed (not_in_channel)" in dm["text"]
    assert "/invite @wgbot" in dm["text"] and "http" not in dm["text"]
    assert_inert_slack([dm])


def test_an_expired_response_url_is_answered_privately_another_way(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    rig.api.fail("response_url", status=404, error="expired_url", times=5)
    rig.send.command("30d", command="/summarize")  # the working note uses the link first
    told = rig.api.wait_for("chat.postEphemeral")[0].params
    assert told["user"] == "UANA" and told["channel"] == "C1"
    assert "No messages to summarise" in told["text"]


def test_a_failed_upload_says_what_to_do_and_never_the_raw_error(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    rig.api.fail("files.getUploadURLExternal", error="not_in_channel")
    export = rig.send.command("export").json()
    assert "Outcome" in str(export) or "outcome" in str(export)
    told = rig.api.wait_for("response_url")[0].params
    assert told["response_type"] == "ephemeral"
    assert told["text"].startswith(":x: Uploading the file failed (not_in_channel): The bot is")
    assert "http" not in told["text"] and "{" not in told["text"]


# -- drafts render natively -------------------------------------------------------------------


def test_post_to_channel_posts_the_draft_as_block_kit_never_markdown(rig: SlackRig) -> None:
    draft = private_draft(rig)
    action_id, value = buttons_of(draft["blocks"])["Post to channel"]
    rig.send.block_action(action_id, value, user="UANA", ephemeral=True)
    post = rig.api.wait_for("chat.postMessage")[0].params
    assert post["blocks"][0]["type"] == "header"
    assert post["blocks"][0]["text"]["text"].startswith("Draft recommendations (v1)")
    text = block_text(post["blocks"])
    assert "*Problem statement*" in text and "*Next steps*" in text  # mrkdwn bold headings
    assert "**" not in text + post["text"] and "](" not in text
    assert not any(line.startswith("#") for line in text.splitlines())
    # Exactly what the chair reviewed, now public.
    assert [b for b in post["blocks"] if b["type"] != "actions"] == [
        b for b in draft["blocks"] if b["type"] != "actions"
    ]


def test_a_draft_stored_before_the_chat_form_is_posted_without_its_markdown() -> None:
    markdown = (
        "# Draft recommendations (v2): BPF\n\n> **offline**: extracted\n\n## Problem statement\n"
        "Spoofing **hurts** [m1](https://igf.slack.com/archives/C1/p1)\n\n## Sources\n"
        "- [m1] Ana, 2027-01-01 10:00 https://igf.slack.com/archives/C1/p1\n\n---\nRead 1 message"
    )
    reply = reply_from_record('{"problem_statement": "x"}', markdown)
    assert reply.title == "Draft recommendations (v2): BPF" and not reply.ephemeral
    assert [s.heading for s in reply.sections] == ["Problem statement", "Sources"]
    assert reply.sections[0].lines == ("Spoofing hurts [m1]",)


def test_a_delivery_failure_names_slacks_code_never_the_raw_error(rig: SlackRig) -> None:
    rig.api.fail("chat.postMessage", status=500, error="")
    with pytest.raises(DeliveryError) as failed:
        rig.runtime.delivery.send(
            Recipient(Platform.SLACK, RecipientKind.CHANNEL, "C1"), Reply("x")
        )
    assert str(failed.value) == "sending to channel C1 failed: HTTP 500"
