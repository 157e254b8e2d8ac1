"""A private reply's files never land in the channel: Slack has no ephemeral files, so they
go to a direct message with the person who asked; a public reply's files go to the channel."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Attachment, Reply
from bot.core.params import Args
from bot.core.registry import Command, Registry
from commands import build_registry
from tests.frontends.slack.conftest import RigFactory, SlackRig

REPORT = Attachment("report.md", b"# Only for you\n", "text/markdown", "Report")


def private_report(_ctx: Context, _args: Args) -> Reply:
    return Reply(
        title="Report", text="Your report is attached.", attachments=(REPORT,), ephemeral=True
    )


def public_report(_ctx: Context, _args: Args) -> Reply:
    return Reply(title="Report", text="The report is attached.", attachments=(REPORT,))


def with_reports() -> Registry:
    """The real registry plus test commands answering with a file, privately or not, at
    once or as slow commands (the three paths that upload: slash reply, slow reply, button)."""
    registry = build_registry()
    for name, handler in (("mine", private_report), ("ours", public_report)):
        registry.add(Command(("wg", name), "A report.", handler, needs_group=False))
        registry.add(
            Command(("wg", f"slow{name}"), "A report.", handler, needs_group=False, slow=True)
        )
    return registry


def uploads_to(rig: SlackRig, count: int) -> list[str]:
    done = rig.api.wait_for("files.completeUploadExternal", count)
    return [str(c.params["channel_id"]) for c in done]


def test_a_private_replys_file_goes_to_a_direct_message(slack_rig: RigFactory) -> None:
    rig = slack_rig(with_reports())
    answer = rig.send.command("mine", user="UBEN").json()
    assert answer["response_type"] == "ephemeral"
    assert uploads_to(rig, 1) == ["DUBEN"]
    assert rig.api.calls_to("conversations.open")[0].params["users"] == "UBEN"
    assert rig.api.wait_for("upload")[0].params["bytes"] == REPORT.content


def test_a_public_replys_file_goes_to_the_channel(slack_rig: RigFactory) -> None:
    rig = slack_rig(with_reports())
    assert rig.send.command("ours").json()["response_type"] == "in_channel"
    assert uploads_to(rig, 1) == ["C1"]
    assert rig.api.calls_to("conversations.open") == []


def test_a_slow_private_replys_file_goes_to_a_direct_message(slack_rig: RigFactory) -> None:
    rig = slack_rig(with_reports())
    rig.send.command("slowmine", user="UBEN")
    assert uploads_to(rig, 1) == ["DUBEN"]
    answer = rig.api.wait_for("response_url", 2)[-1].params  # the result replaces the note
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is True
    assert "Working on" not in answer["text"]
    rig.send.command("slowours")
    assert uploads_to(rig, 2)[1] == "C1"


def test_upload_failure_of_a_private_file_is_told_privately(slack_rig: RigFactory) -> None:
    rig = slack_rig(with_reports())
    rig.api.fail("conversations.open", error="cannot_dm_bot")
    rig.send.command("mine", user="UBEN")
    told = rig.api.wait_for("response_url")[0].params
    assert told["response_type"] == "ephemeral"
    assert "Uploading the file failed" in told["text"]
    assert "http" not in told["text"] and "{" not in told["text"]  # no raw API error
    assert rig.api.calls_to("files.completeUploadExternal") == []
