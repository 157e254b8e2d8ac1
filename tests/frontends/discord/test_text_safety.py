"""Hostile text in every field, through discord.py's real interaction parsing and HTTP client
against the recording stand-in: every payload the bot sends says `allowed_mentions` permits
nobody it did not mean, and its text shows what people typed without a live mention,
broadcast or masked link. Discord markup coming in becomes neutral text."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from bot.core.messages import Reply, Where
from bot.core.ports import HistoryQuery
from bot.frontends.discord.history import DiscordHistory
from bot.frontends.discord.render import render
from bot.frontends.discord.responder import Responder
from bot.frontends.discord.text import decode, inert
from testkit.discord import fake_discord as fd
from testkit.discord.fake_discord import Session
from tests.harness import BotHarness
from tests.hostile import DISCORD_MARKUP, HOSTILE, assert_inert_discord

CHANNEL = str(fd.CHANNEL_ID)


def sent_payloads(server: fd.StandIn) -> list[dict[str, Any]]:
    """Every message body the bot sent: interaction answers, follow-ups, edits, posts."""
    out: list[dict[str, Any]] = []
    for r in server.requests:
        body = r.body if isinstance(r.body, dict) else None
        if body is None or r.method not in ("POST", "PATCH"):
            continue
        if r.path.endswith("/callback"):
            body = body.get("data") if body.get("type") in (4, 7) else None
        if body and ("content" in body or "embeds" in body):
            out.append(body)
    return out


def _run(bot: BotHarness, scenario: Any, **options: Any) -> fd.StandIn:
    return fd.served(bot.app, scenario, **options)


@pytest.mark.parametrize(
    ("markup", "neutral"),
    [
        ("[IGF sign-in](https://evil.example/login)", "IGF sign-in (https://evil.example/login)"),
        ("[https://igf.org](https://igf.org)", "https://igf.org"),
        ("[a](<https://x.org/y>)", "a (https://x.org/y)"),
        ("<@123> <@!123>", "@Ana @Ana"),
        ("<@&5> <#7> <:wave:99> </wg status:1>", "@role #7 :wave: /wg status"),
        ("<t:1700000000:R>", "2023-11-14 22:13 UTC"),
        ("@everyone @here", "@everyone @here"),
    ],
)
def test_discord_markup_becomes_neutral_text(markup: str, neutral: str) -> None:
    assert decode(markup, user={123: "Ana"}.get) == neutral


def test_inert_text_shows_every_word_and_pings_nobody() -> None:
    for text in (*HOSTILE, *DISCORD_MARKUP):
        shown = inert(text)
        assert_inert_discord([{"content": shown, "allowed_mentions": {"parse": []}}])
    assert inert("see `/wg help` now") == "see `/wg help` now"  # the core's code spans stay


def test_hostile_text_in_every_field_is_inert_in_everything_sent(bot: BotHarness) -> None:
    cases = [*HOSTILE, *DISCORD_MARKUP]

    async def scenario(s: Session) -> None:
        for n, text in enumerate(cases):
            channel = fd.CHANNEL_ID + n
            for path, options in (
                (("wg", "create"), {"name": text}),
                (("wg-chair", "goal"), {"text": text}),
                (("wg", "ask"), {"text": text}),
                (("wg", "charter"), {"number": 1, "answer": text}),
                (("wg", "liaison"), {"action": "add", "org": text}),
                (("wg", "join"), {"group": "Civil society", "region": text}),
                (("wg-chair", "mute"), {"what": "region", "group_then_reason": text}),
                (("wg", "status"), {}),
                (("wg", "history"), {}),
            ):
                await s.feed(fd.slash(path, options, channel_id=channel, name=text[:30]))

    server = _run(bot, scenario)
    payloads = sent_payloads(server)
    assert len(payloads) >= 9 * len(cases)
    assert assert_inert_discord(payloads) > 200
    shown = str(payloads)
    # The words are there: a masked link came in as its label and address, both shown.
    assert "IGF official sign-in (https://evil.example/login)" in shown
    assert "\\\\<https://evil.example/login|IGF official sign-in>" in shown  # as typed
    with bot.read() as store:
        group = store.groups.by_channel("discord", str(fd.CHANNEL_ID + len(HOSTILE) + 1))
        assert group is not None
        # Stored as neutral text: a masked link keeps its address, a role reads as a name.
        assert group.goal == "@role #323456789012345678 IGF official sign-in (https://evil.example)"


def test_history_reads_discord_markup_as_neutral_text(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        payload = fd.message(
            fd.CHANNEL_ID,
            author=fd.user(222, "Kofi"),
            content="<@333> said [the doc](https://evil.example) @everyone",
        )
        payload["mentions"] = [fd.user(333, "Lena")]
        s.server.history[CHANNEL] = [payload]
        reader = DiscordHistory(s.client, asyncio.get_running_loop())
        [message] = await reader.fetch(HistoryQuery(Where(bot.platform, CHANNEL)))
        assert message.text == "@Lena said the doc (https://evil.example) @everyone"

    _run(bot, scenario)


def test_only_the_mentions_a_reply_means_are_allowed() -> None:
    [message] = render(Reply(text="<@999> @everyone asked", mentions=("111",)))
    kwargs = message.kwargs()
    assert kwargs["content"] == "<@111>"
    assert kwargs["allowed_mentions"].to_dict() == {"parse": [], "users": [111]}
    assert message.embed is not None and message.embed.description == (
        "\\<@999> @\u200beveryone asked"
    )
    [plain] = render(Reply(text="x"))
    assert plain.kwargs()["allowed_mentions"].to_dict() == {"parse": []}


def test_a_late_public_reply_pings_only_the_person_who_asked(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "help")))  # any interaction, to get a real one
        interaction = _last_interaction[0]
        await Responder().post(interaction, Reply(text="@everyone <@&1> done"))

    _last_interaction: list[discord.Interaction[Any]] = []
    original = Responder.answer

    async def spy(self: Responder, interaction: Any, reply: Reply, **kw: Any) -> None:
        _last_interaction.append(interaction)
        await original(self, interaction, reply, **kw)

    Responder.answer = spy  # type: ignore[method-assign]
    try:
        server = _run(bot, scenario)
    finally:
        Responder.answer = original  # type: ignore[method-assign]
    [post] = [r.body for r in server.calls("POST", rf"/channels/{CHANNEL}/messages$")]
    assert post["content"] == "<@111>"
    assert_inert_discord([post], allowed=["111"])
