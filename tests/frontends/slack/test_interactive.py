"""Slow commands, buttons, modals, the message shortcut and long replies, over real HTTP."""

from __future__ import annotations

import threading
from typing import Any

from bot.core.context import Context
from bot.core.messages import Button, Reply, Section
from bot.core.params import Args, Kind, Param
from bot.core.ports import HistoryQuery
from bot.core.registry import ActionSpec, Command, Registry
from bot.ground.errors import PermissionDenied
from commands import build_registry
from storage.store import Store
from tests.frontends.slack.conftest import RigFactory, SlackRig
from tests.frontends.slack.helpers import audit_count, block_text


class SlowWork:
    """A slow test command: reports progress, then waits until the test lets it finish."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.finished = threading.Event()
        self.started = threading.Event()
        self.args: list[str] = []
        self.history: list[Any] = []

    def handler(self, ctx: Context, args: Args) -> Reply:
        self.started.set()
        self.args.append(args.opt_text("what") or "")
        if ctx.services.history is not None and ctx.where.thread_id:
            self.history = ctx.services.history.read(
                HistoryQuery(ctx.where, thread_id=ctx.where.thread_id)
            )
        ctx.services.progress("halfway there")
        self.release.wait(10)
        self.finished.set()
        return Reply(title="Slow result", text=f"done with {self.args[-1] or 'nothing'}")


def only_owner(ctx: Context, value: str) -> Reply:
    if ctx.actor.user_id != value:
        raise PermissionDenied("Only the sponsor this nudge was sent to can answer it.")
    return Reply.ok("Thanks: committed for this week.")


def long_reply(_ctx: Context, _args: Args) -> Reply:
    lines = tuple(f"line {i}: " + "x" * 180 for i in range(20))
    return Reply(
        title="Long",
        text="many sections",
        sections=tuple(Section(f"Part {n}", lines) for n in range(40)),
        buttons=(Button("Commit", "nudge:commit", "UANA"),),
    )


def registry_with_tests(work: SlowWork) -> Registry:
    """The real registry, with test stand-ins for /summarize and the nudge buttons (those
    have their own end-to-end tests) so timing and permissions can be driven here."""
    real = build_registry()
    registry = Registry()
    for command in real:
        if command.path != ("summarize",):
            registry.add(command)
    for spec in real.actions():
        if spec.prefix != "nudge":
            registry.add_action(spec)
    registry.add(
        Command(
            ("wg", "slowpoke"),
            "A slow test command.",
            work.handler,
            params=(Param("what", Kind.TEXT, "anything", required=False),),
            needs_group=False,
            slow=True,
        )
    )
    registry.add(
        Command(
            ("summarize",),
            "Test summarizer.",
            work.handler,
            params=(Param("what", Kind.TEXT, "anything", required=False),),
            needs_group=False,
            slow=True,
        )
    )
    registry.add(Command(("wg", "long"), "Long output.", long_reply, needs_group=False))
    registry.add(Command(("wg", "slowgroup"), "Slow, in a group.", work.handler, slow=True))
    registry.add_action(ActionSpec("nudge", only_owner))
    return registry


def test_slow_command_is_acked_before_its_work_finishes(slack_rig: RigFactory) -> None:
    work = SlowWork()
    rig = slack_rig(registry_with_tests(work))
    response = rig.send.command("slowpoke the report")
    finished_at_ack = work.finished.is_set()
    assert response.status == 200
    assert not finished_at_ack
    print(f"ack after {response.elapsed * 1000:.0f} ms while the slow part still ran")

    working = rig.api.wait_for("response_url")[0].params
    assert "Working on `/wg slowpoke`" in working["text"]
    assert working["response_type"] == "ephemeral"  # only the person who asked sees it
    progress = rig.api.wait_for(
        "response_url", where=lambda c: "halfway there" in str(c.params.get("text"))
    )[0].params
    assert progress["replace_original"] is True
    work.release.set()
    done = rig.api.wait_for("chat.postMessage", where=lambda c: "Slow result" in c.params["text"])[
        0
    ].params
    assert done["channel"] == "C1"  # a public result is posted in the channel…
    assert "done with the report" in block_text(done["blocks"])
    rig.api.wait_for("response_url", where=lambda c: c.params.get("delete_original") is True)


def test_slow_command_error_replaces_the_working_message_privately(
    slack_rig: RigFactory,
) -> None:
    work = SlowWork()
    rig = slack_rig(registry_with_tests(work))
    assert rig.send.command("slowgroup", channel="CNOGROUP").status == 200
    answer = rig.api.wait_for(
        "response_url", where=lambda c: "not bound" in str(c.params.get("text"))
    )[0].params
    working = rig.api.calls_to("response_url")[0].params
    assert "Working on" in working["text"] and working["response_type"] == "ephemeral"
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is True
    assert "not bound to a working group" in answer["text"]
    assert not rig.api.calls_to("chat.postMessage")  # nothing reached the channel
    assert not work.started.is_set()


def test_button_from_the_wrong_user_is_refused(slack_rig: RigFactory) -> None:
    rig = slack_rig(registry_with_tests(SlowWork()))
    assert rig.send.block_action("nudge:commit", "UANA", user="UBEN").status == 200
    refused = rig.api.wait_for("response_url")[0].params
    assert refused["response_type"] == "ephemeral"
    assert refused["replace_original"] is False
    assert "Only the sponsor" in refused["text"]

    rig.send.block_action("nudge:commit", "UANA", user="UANA")
    accepted = rig.api.wait_for("response_url", 2)[1].params
    assert accepted["replace_original"] is True
    assert "committed for this week" in accepted["text"]


def test_unknown_button_prefix_says_it_is_inactive(rig: SlackRig) -> None:
    rig.send.block_action("gone:commit", "x")
    answer = rig.api.wait_for("response_url")[0].params
    assert answer["response_type"] == "ephemeral"
    assert "no longer active" in answer["text"]


def test_long_replies_are_split_below_slack_limits(slack_rig: RigFactory) -> None:
    rig = slack_rig(registry_with_tests(SlowWork()))
    first = rig.send.command("long").json()
    assert len(first["blocks"]) == 50
    rest = rig.api.wait_for("response_url")
    blocks = first["blocks"] + [b for call in rest for b in call.params["blocks"]]
    assert all(len(call.params["blocks"]) <= 50 for call in rest)
    sections = [b for b in blocks if b["type"] == "section"]
    assert all(len(b["text"]["text"]) <= 3000 for b in sections if "text" in b)
    text = block_text(blocks)
    assert all(f"*Part {n}*" in text for n in range(40))
    assert text.count("line 19:") == 40  # nothing lost
    assert blocks[-1]["type"] == "actions"


def test_join_without_arguments_opens_a_modal_and_its_submission_joins(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    assert rig.send.command("join").status == 200
    view = rig.api.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "wg_join"
    assert [b["block_id"] for b in view["blocks"]] == ["group", "region"]
    options = [o["value"] for o in view["blocks"][0]["element"]["options"]]
    assert "Civil society" in options

    values = {
        "group": {"value": {"type": "static_select", "selected_option": {"value": "Academia"}}},
        "region": {"value": {"type": "static_select", "selected_option": None}},
    }
    response = rig.send.view_submission("wg_join", values, user="UBEN")
    assert response.status == 200
    assert response.body in (b"", b"{}") or response.json() in (None, {})
    posted = rig.api.wait_for("chat.postMessage")[0].params
    assert posted["channel"] == "C1"
    assert "as Academia" in posted["text"]
    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", "C1")
        assert group is not None and group.id is not None
        member = store.members.get(group.id, "slack", "UBEN")
        assert member is not None and member.stakeholder_group == "Academia"


def test_join_form_error_is_shown_on_the_form_and_writes_nothing(rig: SlackRig) -> None:
    values = {"group": {"value": {"selected_option": {"value": "Academia"}}}}
    response = rig.send.view_submission("wg_join", values, channel="CNOGROUP")
    body = response.json()
    assert body["response_action"] == "errors"
    assert "not bound to a working group" in body["errors"]["group"]
    assert audit_count(rig) == 0


def test_charter_modal_saves_the_answered_questions(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    rig.send.command("charter")
    view = rig.api.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "wg_charter"
    assert len(view["blocks"]) == 10
    values: dict[str, Any] = {f"q{n}": {"answer": {"value": ""}} for n in range(1, 11)}
    values["q1"] = {"answer": {"value": "Cyber incidents hit small states hardest."}}
    values["q10"] = {"answer": {"value": "Go."}}
    assert rig.send.view_submission("wg_charter", values).status == 200
    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", "C1")
        assert group is not None and group.id is not None
        answers = store.charter.answers(group.id)
    assert {n: a.answer for n, a in answers.items()} == {
        1: "Cyber incidents hit small states hardest.",
        10: "Go.",
    }
    rig.send.command("charter")
    reopened = rig.api.wait_for("views.open", 2)[1].params["view"]["blocks"]
    assert reopened[0]["element"]["initial_value"] == "Cyber incidents hit small states hardest."
    assert "initial_value" not in reopened[1]["element"]
    # Someone who is not a chair is refused on the form.
    refused = rig.send.view_submission("wg_charter", values, user="UBEN").json()
    assert refused["response_action"] == "errors"
    assert "Only a chair" in refused["errors"]["q1"]


def test_summarize_thread_shortcut_runs_summarize_on_the_thread(slack_rig: RigFactory) -> None:
    work = SlowWork()
    work.release.set()
    rig = slack_rig(registry_with_tests(work))
    parent = {"thread_ts": "1700000100.000100"}
    rig.api.add(
        "C1",
        {"type": "message", "user": "UANA", "text": "Start", "ts": "1700000100.000100"},
        {"type": "message", "bot_id": "B1", "text": "bot noise", "ts": "1700000101.000100"}
        | parent,
        {"type": "message", "user": "UBEN", "text": "Reply", "ts": "1700000102.000100"} | parent,
    )
    response = rig.send.message_shortcut(
        "summarize_thread", ts="1700000102.000100", thread_ts="1700000100.000100"
    )
    assert response.status == 200
    rig.api.wait_for("chat.postMessage", where=lambda c: "Slow result" in c.params["text"])
    assert work.args == ["https://igf.slack.com/archives/C1/p1700000100000100"]
    assert [(m.user_id, m.text) for m in work.history] == [("UANA", "Start"), ("UBEN", "Reply")]
    assert len(rig.api.calls_to("conversations.replies")) == 1  # one page of 200
    posted = rig.api.calls_to("chat.postMessage")[0].params
    assert posted["thread_ts"] == "1700000100.000100"


def test_summarize_shortcut_in_an_unbound_channel_says_how_to_start(rig: SlackRig) -> None:
    rig.send.message_shortcut("summarize_thread", ts="1700000102.000100")
    answer = rig.api.wait_for(
        "response_url", where=lambda c: "/wg create NAME" in str(c.params.get("text"))
    )[0].params
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is True


def test_rate_limited_call_waits_for_retry_after(rig: SlackRig) -> None:
    rig.send.command("create BPF Cybersecurity")
    rig.api.fail("chat.postMessage", status=429, headers={"Retry-After": "1"})
    values = {"group": {"value": {"selected_option": {"value": "Academia"}}}}
    rig.send.view_submission("wg_join", values, user="UBEN")
    first, second = rig.api.wait_for("chat.postMessage", 2, timeout=15)
    assert second.at - first.at >= 0.95
    assert "as Academia" in second.params["text"]
