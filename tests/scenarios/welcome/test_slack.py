"""A sponsor named through the real bolt app (signed HTTP) is welcomed at once by DM, in the
timezone of their Slack profile, learnt by the send-now queue's thread after the ack."""

from __future__ import annotations

from typing import Any

from bot.core.messages import Platform
from bot.scheduler.send_now import SendNowQueue
from bot.scheduler.sweep import Sweeper
from storage.store import Store
from tests.frontends.slack.conftest import SlackRig
from tests.frontends.slack.helpers import block_text
from tests.hostile import HOSTILE, SLACK_ENTITIES, assert_inert_slack, slack_wire


def _send_now(rig: SlackRig) -> SendNowQueue:
    ports = {Platform.SLACK: rig.runtime.delivery}
    send_now = SendNowQueue(Sweeper(rig.core.database, rig.core.settings, ports))
    rig.core.dispatcher.send_now = send_now
    return send_now


def _welcomes(rig: SlackRig, user: str) -> list[dict[str, Any]]:
    return [
        c.params for c in rig.api.calls_to("chat.postMessage") if c.params["channel"] == "D" + user
    ]


def test_a_sponsor_named_on_slack_is_welcomed_in_their_profile_timezone(rig: SlackRig) -> None:
    send_now = _send_now(rig)
    rig.api.timezones["UZOE"] = "Africa/Nairobi"
    assert rig.send.command("create BPF Cybersecurity").status == 200
    assert rig.send.command("goal A toolkit for CERTs").status == 200
    ack = rig.send.command("sponsor <@UZOE|zoe>")
    assert ack.status == 200 and "welcome message now" in str(ack.json())
    assert send_now.drain(20)
    (welcome,) = _welcomes(rig, "UZOE")
    text = block_text(welcome["blocks"])
    assert "BPF Cybersecurity: you are its MAG sponsor" in text
    assert "A toolkit for CERTs" in text
    assert "your time (Africa/Nairobi)" in text and "your profile on this platform" in text
    actions = [b for b in welcome["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == [
        "nudge:commit",
        "nudge:snooze",
        "nudge:stepdown",
    ]
    with rig.core.database.session() as session:
        person = Store(session).people.get("slack", "UZOE")
        assert person is not None and person.platform_timezone == "Africa/Nairobi"
    # Asked once: the sweeps do not ask Slack again within the week.
    asked = [c for c in rig.api.calls_to("users.info") if c.params.get("user") == "UZOE"]
    Sweeper(rig.core.database, rig.core.settings, {Platform.SLACK: rig.runtime.delivery}).sweep()
    again = [c for c in rig.api.calls_to("users.info") if c.params.get("user") == "UZOE"]
    assert len(again) == len(asked)
    assert len(_welcomes(rig, "UZOE")) == 1  # the sweep finds it sent


def test_hostile_group_names_stay_inert_in_slack_welcomes(rig: SlackRig) -> None:
    send_now = _send_now(rig)
    cases = [slack_wire(text) for text in HOSTILE] + list(SLACK_ENTITIES)
    for n, wire in enumerate(cases):
        rig.send.command(f"create {wire}", channel=f"C{n}")
        rig.send.command(f"goal {wire}", channel=f"C{n}")
        rig.send.command("sponsor <@UZOE|zoe>", channel=f"C{n}")
    assert send_now.drain(60)
    welcomes = _welcomes(rig, "UZOE")
    with rig.core.database.session() as session:
        groups = len(Store(session).groups.all())
    assert len(welcomes) == groups > len(cases) // 2
    assert assert_inert_slack(welcomes) > len(welcomes)
