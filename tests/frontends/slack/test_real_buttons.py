"""The real buttons of the core (a draft's "Post to channel", a sponsor nudge's answers)
pressed through Slack over HTTP, as Slack sends them."""

from __future__ import annotations

import time
from typing import Any

from commands.nudges import nudge_buttons
from storage.store import Store
from tests.frontends.slack.conftest import SlackRig
from tests.frontends.slack.helpers import block_text


def buttons_of(blocks: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Label → (action_id, value) of every button in a message's blocks."""
    return {
        e["text"]["text"]: (e["action_id"], e["value"])
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }


def private_draft(rig: SlackRig) -> dict[str, Any]:
    """Runs the real /summarize in a bound channel; returns the chair's private draft."""
    rig.send.command("create BPF Cybersecurity")
    now = time.time()
    rig.api.add(
        "C1",
        *[
            {"type": "message", "user": "UBEN", "text": "Adopt BCP 38.", "ts": f"{now - 300:.6f}"},
            {"type": "message", "user": "UANA", "text": "Which ISPs?", "ts": f"{now - 500:.6f}"},
        ],
    )
    assert rig.send.command("30d", command="/summarize").status == 200
    answer = rig.api.wait_for(
        "response_url", where=lambda c: "Draft recommendations" in str(c.params)
    )[0].params
    assert answer["response_type"] == "ephemeral"
    return answer


def draft_statuses(rig: SlackRig) -> list[str]:
    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", "C1")
        assert group is not None and group.id is not None
        return [d.status for d in store.summarizer.drafts(group.id)]


def test_post_to_channel_on_a_private_draft_posts_it_publicly(rig: SlackRig) -> None:
    draft = private_draft(rig)
    action_id, value = buttons_of(draft["blocks"])["Post to channel"]
    posts_before = len(rig.api.calls_to("chat.postMessage"))

    # Someone who is not a chair is refused, privately, and nothing changes.
    rig.send.block_action(action_id, value, user="UBEN", ephemeral=True)
    refused = rig.api.wait_for(
        "response_url", where=lambda c: "Only a chair" in str(c.params.get("text"))
    )[0].params
    assert refused["response_type"] == "ephemeral"
    assert not refused.get("delete_original")
    assert draft_statuses(rig) == ["draft"]

    # The chair's press posts the draft as a new public message and deletes the private one.
    calls_before = len(rig.api.calls_to("response_url"))
    rig.send.block_action(action_id, value, user="UANA", ephemeral=True)
    deleted = rig.api.wait_for(
        "response_url", where=lambda c: c.params.get("delete_original") is True
    )[0].params
    assert deleted["delete_original"] is True
    posts = rig.api.calls_to("chat.postMessage")[posts_before:]
    assert len(posts) == 1
    assert posts[0].params["channel"] == "C1"
    assert "Adopt BCP 38" in block_text(posts[0].params["blocks"])  # the draft cites it
    assert draft_statuses(rig) == ["posted"]
    # The button's answer never replaced the private draft (it would have stayed private).
    after_press = rig.api.calls_to("response_url")[calls_before:]
    assert all(not c.params.get("replace_original") for c in after_press)


def test_a_real_nudge_button_records_only_the_sponsors_answer(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    assert "now the MAG sponsor" in rig.send.command("sponsor <@UZOE|zoe>").json()["text"]
    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", "C1")
        assert group is not None and group.id is not None
        (sponsor,) = store.sponsors.of_group(group.id)
        assert sponsor.id is not None
        group_id, sponsor_id, state_before = group.id, sponsor.id, sponsor.state
    commit = next(b for b in nudge_buttons(group_id, sponsor_id) if b.action_id == "nudge:commit")

    rig.send.block_action(commit.action_id, commit.value, user="UBEN", channel="DUZOE")
    refused = rig.api.wait_for("response_url")[0].params
    assert refused["response_type"] == "ephemeral" and not refused["replace_original"]
    assert "Only @zoe" in refused["text"]
    with rig.core.database.session() as session:
        (unchanged,) = Store(session).sponsors.of_group(group_id)
        assert unchanged.state == state_before
    assert "committed" not in block_text(rig.send.command("status").json()["blocks"])

    rig.send.block_action(commit.action_id, commit.value, user="UZOE", channel="DUZOE")
    accepted = rig.api.wait_for("response_url", 2)[1].params
    assert accepted["replace_original"] is True  # the nudge's buttons are gone
    assert "support it this week" in accepted["text"]
    assert "committed" in block_text(rig.send.command("status").json()["blocks"])
