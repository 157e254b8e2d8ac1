"""The registry is the single source of commands: no twins, help complete, commands neutral."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.core.command_ref import command as marked
from bot.core.messages import Attachment, Field, Reply, Section
from bot.core.registry import ActionSpec, Command, DuplicateCommand, Registry
from commands import build_registry
from tests.harness import BotHarness

ROOT = Path(__file__).resolve().parents[2]


def _noop(*_args: object) -> Reply:
    return Reply(text="")


def test_duplicate_names_are_refused() -> None:
    registry = build_registry()
    with pytest.raises(DuplicateCommand):
        registry.add(Command(path=("wg", "status"), summary="again", handler=_noop))
    registry.add_action(ActionSpec("x", _noop))
    with pytest.raises(DuplicateCommand):
        registry.add_action(ActionSpec("x", _noop))


def test_every_command_has_usage_and_a_short_summary() -> None:
    for command in build_registry():
        assert command.summary and len(command.summary) <= 100, command.invocation
        assert command.usage.startswith(command.invocation)
        assert all(p.name.isidentifier() and p.name.islower() for p in command.params)


def test_help_lists_every_registered_command(bot: BotHarness) -> None:
    reply = bot.say("/wg help all", channel="anywhere")
    listed = "\n".join(line for section in reply.sections for line in section.lines)
    for command in bot.app.dispatcher.registry:
        assert f"`{command.usage}`" in listed
    first = bot.say("/wg help", channel="anywhere")
    assert first.ephemeral and "/wg create NAME" in first.text
    detail = bot.say("/wg help join", channel="anywhere")
    assert "`/wg join GROUP [REGION]`" in detail.text and "REGION: your UN region" in detail.text
    assert bot.say("/wg help nonsense", channel="anywhere").tone.value == "error"


def test_unknown_subcommand_points_to_help(bot: BotHarness) -> None:
    reply = bot.say("/wg frobnicate now")
    assert reply.ephemeral and "`frobnicate` is not a command" in reply.text
    assert "/wg help" in reply.text
    assert bot.say("/wg", channel="x").title == "What you can type here"


FORBIDDEN = ("slack_bolt", "slack_sdk", "discord", "bot.frontends")


def test_commands_and_storage_import_no_platform() -> None:
    for folder in ("commands", "storage", "bot/core", "bot/domain"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    assert not name.startswith(FORBIDDEN), f"{path} imports {name}"


def test_only_storage_speaks_sql() -> None:
    checked = 0
    for path in [*ROOT.glob("commands/**/*.py"), *ROOT.glob("bot/**/*.py")]:
        source = path.read_text()
        for marker in ("sqlalchemy", "sqlmodel"):
            assert f"import {marker}" not in source and f"from {marker}" not in source, path
        checked += 1
    assert checked > 10


def test_unexpected_error_gives_a_reference_not_a_traceback(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*_args: object) -> Reply:
        raise RuntimeError("database on fire")

    registry: Registry = bot.app.dispatcher.registry
    registry.add(
        Command(path=("wg", "explode"), summary="boom", handler=explode, needs_group=False)
    )
    reply = bot.say("/wg explode")
    assert reply.ephemeral and "something went wrong" in reply.text
    assert "database on fire" not in reply.text and "Traceback" not in reply.text
    ref = reply.text.split("ref `")[1].split("`")[0]
    assert any(ref in record.getMessage() for record in caplog.records)
    assert any("database on fire" in str(record.exc_info) for record in caplog.records)


def test_a_failing_command_writes_nothing(bot: BotHarness) -> None:
    bot.setup_group()

    def half_done(ctx: object, _args: object) -> Reply:
        from bot.core.context import Context

        assert isinstance(ctx, Context)
        ctx.store.groups.set_field(ctx.require_group(), "goal", "half", ctx.actor.key, ctx.now)
        raise RuntimeError("crash after the write")

    bot.app.dispatcher.registry.add(Command(path=("wg", "half"), summary="x", handler=half_done))
    before = bot.audit_count()
    assert "something went wrong" in bot.say("/wg half").text
    assert bot.audit_count() == before
    assert "Goal: not set" in bot.text("/wg status")


def test_commands_are_named_as_each_platform_spells_them() -> None:
    registry = build_registry()
    text = (
        f"Use `{marked('/wg goal')} …`, {marked('/wg chair')} @x, `{marked('/wg overview')}`, "
        f"{marked('/wg join')}; not {marked('/wg goals')}."
    )
    assert registry.spell(text, "discord") == (
        "Use `/wg-chair goal …`, /wg-chair chair @x, `/wg-mag overview`, /wg join; not /wg goals."
    )
    neutral = "Use `/wg goal …`, /wg chair @x, `/wg overview`, /wg join; not /wg goals."
    assert registry.spell(text, "slack") == registry.spell(text, "console") == neutral
    spelled = registry.spell(text, "discord")
    assert registry.spell(spelled, "discord") == spelled  # spelling twice changes nothing
    for cmd in registry:
        assert cmd.usage_on("discord").startswith(cmd.invocation_on("discord"))
        assert registry.spell(marked(cmd.usage), "discord") == cmd.usage_on("discord")


def test_unmarked_text_is_never_respelled() -> None:
    """A person's `/wg goal` (in a goal, a quote) is their words: no platform rewrites it."""
    registry = build_registry()
    words = "Our goal: fix /wg goal and `/wg chair @x`, /wg-chair goal, /wg overview."
    for platform in ("discord", "slack", "console", "email"):
        assert registry.spell(words, platform) == words
    assert registry.spell(words + " " + marked("/wg goal"), "discord") == (
        words + " /wg-chair goal"
    )


def test_a_whole_reply_is_spelled() -> None:
    reply = Reply(
        text=f"`{marked('/wg goal')}`",
        title=marked("/wg deadline"),
        fields=(Field(marked("/wg sponsor"), f"`{marked('/wg chair')} @x`"),),
        sections=(
            Section(
                marked("/wg goal"),
                (marked("/wg export"), marked("/wg status"), "/wg charter", "/wg goal"),
            ),
        ),
    )
    spelled = build_registry().spell_reply(reply, "discord")
    assert (spelled.text, spelled.title) == ("`/wg-chair goal`", "/wg-chair deadline")
    assert spelled.fields == (Field("/wg-chair sponsor", "`/wg-chair chair @x`"),)
    assert spelled.sections == (
        Section("/wg-chair goal", ("/wg-chair export", "/wg status", "/wg charter", "/wg goal")),
    )


def test_a_document_names_commands_as_the_platform_spells_them() -> None:
    """The outcome document and overview.md name commands too; other files are left alone."""
    text = f"No goal yet ({marked('/wg goal')}); someone wrote /wg goal."
    reply = Reply(
        text="attached",
        attachments=(
            Attachment("outcome.md", text.encode(), "text/markdown"),
            Attachment("chart.png", text.encode(), "image/png"),
        ),
    )
    doc, image = build_registry().spell_reply(reply, "discord").attachments
    assert doc.content.decode() == "No goal yet (/wg-chair goal); someone wrote /wg goal."
    assert image.content == text.encode()
    (neutral, _) = build_registry().spell_reply(reply, "slack").attachments
    assert neutral.content.decode() == "No goal yet (/wg goal); someone wrote /wg goal."
