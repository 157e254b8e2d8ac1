"""A sponsor named on Discord is welcomed at once by DM: discord.py parses the real
interaction, the send-now queue sends through the Discord delivery port to the stand-in."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.core.messages import Platform
from bot.frontends.discord.delivery import make_delivery
from bot.scheduler.send_now import SendNowQueue
from bot.scheduler.sweep import Sweeper
from testkit.discord import fake_discord as fd
from testkit.discord.fake_discord import Session
from tests import harness
from tests.harness import BotHarness
from tests.hostile import DISCORD_MARKUP, HOSTILE, assert_inert_discord


def _send_now(bot: BotHarness) -> SendNowQueue:
    settings = harness.make_settings(discord_token="t0ken")
    ports = {Platform.DISCORD: make_delivery(settings)}
    send_now = SendNowQueue(Sweeper(bot.app.database, bot.app.settings, ports, bot.clock))
    bot.app.dispatcher.send_now = send_now
    return send_now


def _run(bot: BotHarness, scenario: Any) -> fd.StandIn:
    captured: list[fd.StandIn] = []

    async def wrapped(s: Session) -> None:
        captured.append(s.server)
        await scenario(s)

    fd.run(bot.app, wrapped)
    return captured[0]


def test_a_sponsor_named_on_discord_gets_a_welcome_dm_in_their_timezone(bot: BotHarness) -> None:
    send_now = _send_now(bot)
    maria = fd.user(444, "Maria")

    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed(fd.slash(("wg", "timezone"), {"zone": "Africa/Nairobi"}, user_id=444))
        await s.feed(fd.slash(("wg-chair", "sponsor"), {"user": "444"}, users={"user": maria}))
        assert await asyncio.to_thread(send_now.drain, 20)

    server = _run(bot, scenario)
    assert "welcome message now" in server.callbacks()[-1].body["data"]["embeds"][0]["description"]
    (dm,) = server.calls("POST", r"^/users/@me/channels$")
    assert str(dm.body["recipient_id"]) == "444"
    (post,) = server.calls("POST", r"^/channels/\d+/messages$")
    embed = post.body["embeds"][0]
    assert embed["title"] == "BPF Cybersecurity: you are its MAG sponsor"
    shown = str(post.body)
    # Named Monday 09:00 UTC, noon in Nairobi: the first nudge is next Monday.
    assert "Every Monday at 09:00 your time (Africa/Nairobi), first on 2027-01-18" in shown
    ids = [c["custom_id"].split("|")[0] for c in post.body["components"][0]["components"]]
    assert ids == ["nudge:commit", "nudge:snooze", "nudge:stepdown"]
    assert_inert_discord([post.body])


def test_hostile_group_names_and_goals_stay_inert_in_discord_welcomes(bot: BotHarness) -> None:
    send_now = _send_now(bot)
    cases = [*HOSTILE, *DISCORD_MARKUP]
    maria = fd.user(444, "Maria")

    async def scenario(s: Session) -> None:
        for n, text in enumerate(cases):
            channel = fd.CHANNEL_ID + n
            await s.feed(fd.slash(("wg", "create"), {"name": text}, channel_id=channel))
            await s.feed(fd.slash(("wg-chair", "goal"), {"text": text}, channel_id=channel))
            await s.feed(
                fd.slash(
                    ("wg-chair", "sponsor"),
                    {"user": "444"},
                    users={"user": maria},
                    channel_id=channel,
                )
            )
        assert await asyncio.to_thread(send_now.drain, 60)

    server = _run(bot, scenario)
    posts = [r.body for r in server.calls("POST", r"^/channels/\d+/messages$")]
    titles = [p["embeds"][0]["title"] for p in posts]
    created = sum("is bound to this channel" in str(c.body) for c in server.callbacks())
    assert created >= len(cases) - 3  # a few hostile names are refused as names
    assert len(posts) == created and all("you are its MAG sponsor" in t for t in titles)
    assert assert_inert_discord(posts) > len(posts)
