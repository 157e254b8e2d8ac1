"""Slow commands (defer, progress, follow-up or a channel post after the token's life), the
history reader, DM delivery without the gateway, and `wgbot discord sync`."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.core.context import Context
from bot.core.messages import Button, Platform, Reply, Tone, Where
from bot.core.params import Args, Kind, Param
from bot.core.ports import DeliveryError, HistoryQuery, Recipient, RecipientKind
from bot.core.registry import Command
from bot.frontends.discord.cli import sync_commands
from bot.frontends.discord.delivery import make_delivery
from testkit.discord import fake_discord as fd
from testkit.discord.fake_discord import Session
from tests import harness
from tests.harness import BotHarness

EPHEMERAL = 64


def _digest(ctx: Context, args: Args) -> Reply:
    """A slow command like /summarize: reports progress, reads the discussion."""
    ctx.services.progress("Reading the discussion…")
    assert ctx.services.history is not None
    messages = ctx.services.history.read(HistoryQuery(ctx.where, limit=args.opt_int("last")))
    lines = tuple(f"{m.user_name}: {m.text}" for m in messages)
    return Reply(title="Digest", text="\n".join(lines) or "(nothing)", tone=Tone.SUCCESS)


def _add_digest(bot: BotHarness) -> None:
    bot.app.dispatcher.registry.add(
        Command(
            path=("digest",),
            summary="Test: a slow command reading history.",
            handler=_digest,
            params=(
                Param("last", Kind.INT, "how many", required=False, min_value=1, max_value=1000),
            ),
            needs_group=False,
            slow=True,
        )
    )


def _history(server: fd.StandIn) -> None:
    people = [fd.user(222, "Kofi"), fd.user(333, "Lena"), fd.user(fd.BOT_ID, "wgbot", bot=True)]
    rows = []
    for n in range(250):
        rows.append(
            fd.message(
                fd.CHANNEL_ID,
                author=people[n % 3],
                content=f"m{n}",
                message_id=str(5_000_000_000_000_000_000 + n),
            )
        )
    server.history[str(fd.CHANNEL_ID)] = rows


def test_slow_command_defers_reports_progress_and_edits_the_result(bot: BotHarness) -> None:
    _add_digest(bot)

    async def scenario(s: Session) -> None:
        _history(s.server)
        await s.feed(fd.slash(("digest",), {"last": 150}))

    server = _run(bot, scenario)
    (deferred,) = server.callbacks()
    assert deferred.body["type"] == 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    edits = server.calls("PATCH", r"/webhooks/\d+/[^/]+/messages/@original$")
    assert edits[0].body["content"] == "⏳ Reading the discussion…"  # notices.progress
    final = edits[-1].body
    assert final["content"] is None and final["embeds"][0]["title"] == "Digest"
    text = final["embeds"][0]["description"]
    lines = text.splitlines()
    # The latest 150 people's messages, oldest first, bot messages skipped; read 100 a page.
    assert len(lines) == 150 and "wgbot" not in text
    assert lines[-1] == "Kofi: m249" and lines[-2] == "Lena: m247"
    numbers = [int(line.rsplit("m", 1)[1]) for line in lines]
    assert numbers == sorted(numbers)
    pages = server.calls("GET", rf"/channels/{fd.CHANNEL_ID}/messages$")
    assert len(pages) == 3 and all(p.query["limit"] == "100" for p in pages)


def test_job_outliving_the_token_posts_a_channel_message(bot: BotHarness) -> None:
    _add_digest(bot)

    async def scenario(s: Session) -> None:
        _history(s.server)
        await s.feed(fd.slash(("digest",), {"last": 2}))

    server = _run(bot, scenario, token_life=0.0)
    assert server.callbacks()[0].body["type"] == 5
    assert not server.calls("PATCH", r"@original$")
    (posted,) = server.calls("POST", rf"^/channels/{fd.CHANNEL_ID}/messages$")
    assert posted.body["content"] == "<@111>"
    assert posted.body["embeds"][0]["description"] == "Lena: m247\nKofi: m249"


def test_long_reply_is_split_into_follow_ups(bot: BotHarness) -> None:
    def essay(ctx: Context, args: Args) -> Reply:
        return Reply(text="\n".join(f"line {n} " + "x" * 90 for n in range(120)))

    bot.app.dispatcher.registry.add(
        Command(path=("essay",), summary="Test: a long reply.", handler=essay, needs_group=False)
    )

    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("essay",)))

    server = _run(bot, scenario)
    first = server.callbacks()[0].body["data"]["embeds"][0]["description"]
    follow = server.calls("POST", r"^/webhooks/\d+/[^/]+$")
    assert len(first) <= 4096 and follow
    parts = [first] + [f.body["embeds"][0]["description"] for f in follow]
    assert all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts).splitlines() == [f"line {n} " + "x" * 90 for n in range(120)]


def test_delivery_opens_a_dm_and_posts_the_nudge(bot: BotHarness) -> None:
    delivery = make_delivery(harness.make_settings(discord_token="t0ken"))
    reply = Reply(
        title="Weekly nudge",
        text="BPF Cybersecurity needs you.",
        buttons=(Button("I'll help", "nudge:commit", "group=1"),),
    )

    async def scenario(s: Session) -> None:
        message_id = await asyncio.to_thread(
            delivery.send, Recipient(Platform.DISCORD, RecipientKind.USER, "444"), reply
        )
        assert message_id.isdigit()
        s.server.failures.append(
            (
                "POST",
                r"/channels/\d+/messages$",
                403,
                {"code": 50007, "message": "Cannot send messages to this user"},
            )
        )
        with pytest.raises(DeliveryError) as refused:
            await asyncio.to_thread(
                delivery.send, Recipient(Platform.DISCORD, RecipientKind.USER, "445"), reply
            )
        assert refused.value.permanent
        s.server.failures.append(
            ("POST", r"/channels/\d+/messages$", 400, {"code": 0, "message": "nope"})
        )
        with pytest.raises(DeliveryError) as failed:
            await asyncio.to_thread(
                delivery.send, Recipient(Platform.DISCORD, RecipientKind.CHANNEL, "777"), reply
            )
        assert not failed.value.permanent

    server = _run(bot, scenario)
    dms = server.calls("POST", r"^/users/@me/channels$")
    assert [str(r.body["recipient_id"]) for r in dms] == ["444", "445"]
    sent = server.calls("POST", r"^/channels/\d+/messages$")[0].body
    assert sent["embeds"][0]["title"] == "Weekly nudge"
    assert sent["components"][0]["components"][0]["custom_id"] == "nudge:commit|group=1"
    assert server.calls("POST", r"^/channels/777/messages$")


def test_sync_puts_the_generated_commands_to_one_guild(bot: BotHarness) -> None:
    names: list[str] = []

    async def scenario(s: Session) -> None:
        names.extend(await sync_commands(bot.app, fd.TOKEN, 12345))

    server = _run(bot, scenario)
    (put,) = server.calls("PUT", r"^/applications/\d+/guilds/12345/commands$")
    assert sorted(c["name"] for c in put.body) == sorted(names)
    assert names and sorted(names) == ["summarize", "wg", "wg-chair", "wg-cycle", "wg-mag"]
    (wg,) = [c for c in put.body if c["name"] == "wg"]
    subs = {o["name"] for o in wg["options"]}
    registry = bot.app.dispatcher.registry
    assert subs == {c.path[1] for c in registry.under("wg") if c.discord_path[0] == "wg"}


def _run(bot: BotHarness, scenario: Any, **options: Any) -> fd.StandIn:
    return fd.served(bot.app, scenario, **options)


def test_history_reader_refuses_to_block_the_loop(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        reader = s.client.runner.history(asyncio.get_running_loop())  # type: ignore[misc]
        assert reader is not None
        with pytest.raises(RuntimeError):
            reader.read(HistoryQuery(Where(Platform.DISCORD, str(fd.CHANNEL_ID))))

    _run(bot, scenario)


def test_quick_command_past_the_ack_budget_is_deferred_then_edited(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed(fd.slash(("wg", "status"), channel_id=42))  # an error: not bound

    server = _run(bot, scenario, ack_budget=0.0)
    first, second = server.callbacks()
    assert first.body["type"] == 5 and second.body["type"] == 5
    (edited,) = server.calls("PATCH", r"@original$")
    assert "BPF Cybersecurity" in edited.body["embeds"][0]["description"]
    # The error is private: the public "thinking…" message goes, an ephemeral follow-up comes.
    (deleted,) = server.calls("DELETE", r"@original$")
    (private,) = server.calls("POST", r"^/webhooks/\d+/[^/]+$")
    assert private.body["flags"] & EPHEMERAL
    assert "not bound" in private.body["embeds"][0]["description"]
    assert second.path.split("/")[3] in deleted.path
