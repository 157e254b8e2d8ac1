"""A statement's Agree / Disagree / Pass buttons pressed through Slack over HTTP (signed
requests to the real bolt app), also after a restart: a new app on the same database."""

from __future__ import annotations

from storage.store import Store
from tests.frontends.slack.conftest import RigFactory, SlackRig
from tests.frontends.slack.test_real_buttons import buttons_of


def votes(rig: SlackRig) -> list[tuple[str, str, str]]:
    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", "C1")
        assert group is not None and group.id is not None
        statement = store.statements.get(group.id, 1)
        assert statement is not None and statement.id is not None
        return [
            (v.voter, v.stakeholder_group, v.choice) for v in store.votes.of_statement(statement.id)
        ]


def answer_to(rig: SlackRig, words: str) -> dict[str, object]:
    call = rig.api.wait_for("response_url", where=lambda c: words in str(c.params.get("text")))
    return call[-1].params


def test_vote_buttons_record_change_and_survive_a_restart(slack_rig: RigFactory) -> None:
    rig = slack_rig()
    rig.send.command("create BPF Cybersecurity")
    rig.send.command("join civil society grulac")
    assert "Welcome" in rig.send.command("join tech africa", user="UKOFI").json()["text"]
    proposed = rig.send.command("propose Recommend BCP 38 by:2027-03-01").json()
    assert proposed.get("response_type") == "in_channel"
    buttons = buttons_of(proposed["blocks"])
    assert set(buttons) == {"Agree", "Disagree", "Pass"}

    rig.send.block_action(*buttons["Agree"], user="UKOFI")
    first = answer_to(rig, "Your vote on statement #1: agree")
    assert first["response_type"] == "ephemeral" and not first.get("replace_original")
    rig.send.block_action(*buttons["Disagree"], user="UKOFI")
    answer_to(rig, "disagree (it was agree)")
    assert votes(rig) == [("slack:UKOFI", "Technical community", "disagree")]

    # A non-member is told how to join, privately; nothing is recorded.
    rig.send.block_action(*buttons["Agree"], user="UZED")
    refused = answer_to(rig, "/wg join GROUP [REGION]")
    assert refused["response_type"] == "ephemeral"
    assert len(votes(rig)) == 1

    # Restart: a second app process on the same database takes the old message's buttons.
    again = slack_rig()
    again.send.block_action(*buttons["Pass"], user="UKOFI")
    answer_to(again, "pass (it was disagree)")
    again.send.block_action(*buttons["Agree"])  # UANA, the chair, Civil society
    answer_to(again, "counted for Civil society")
    assert votes(again) == [
        ("slack:UKOFI", "Technical community", "pass"),
        ("slack:UANA", "Civil society", "agree"),
    ]
    again.send.command("consensus 1")  # slow (a chart): acknowledged, then posted
    posted = again.api.wait_for(
        "chat.postMessage", where=lambda c: "not enough voices" in str(c.params)
    )
    assert "Civil society" in str(posted[-1].params)
    again.api.wait_for("files.completeUploadExternal")  # the chart
