"""Issue 24 on Discord, through discord.py's own parsing of real gateway and interaction
payloads: a thread bound to its own group (a thread is a channel with its own id) owns its
words (its opt-out holds, the parent channel's `/summarize` never reads it), and a message
re-delivered after `/wg forget me` (a gateway resume replays MESSAGE_CREATE) keeps no words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import discord
from sqlmodel import select

from storage.record.models import RecordMessage
from testkit.discord import fake_discord as fd
from testkit.discord.fake_discord import Session
from tests.harness import BotHarness

CHANNEL = str(fd.CHANNEL_ID)
THREAD_ID = fd.CHANNEL_ID + 500
ANA, ZED, KOFI = (111, "Ana"), (444, "Zed"), (222, "Kofi Mensah")
SECRET = "We should keep the zanzibar registry closed"


def in_thread(payload: dict[str, Any]) -> dict[str, Any]:
    """An interaction typed in a public thread (type 11) of the group's channel."""
    channel = payload["channel"] | {
        "id": str(THREAD_ID),
        "type": 11,
        "name": "bcp38-side-talk",
        "parent_id": CHANNEL,
        "owner_id": str(ZED[0]),
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": "2027-01-11T08:00:00+00:00",
            "locked": False,
        },
        "message_count": 0,
        "member_count": 1,
    }
    return payload | {"channel_id": str(THREAD_ID), "channel": channel}


def said(bot: BotHarness, who: tuple[int, str], channel: int, text: str, ago: float = 0) -> Any:
    """A MESSAGE_CREATE whose snowflake carries its time (discord.py reads created_at there)."""
    at = bot.clock() - timedelta(minutes=ago)
    ident = str(discord.utils.time_snowflake(at))
    payload = fd.message(channel, author=fd.user(*who), content=text, message_id=ident)
    payload["guild_id"] = str(fd.GUILD_ID)
    payload["timestamp"] = at.isoformat()
    return payload


def rows(bot: BotHarness) -> dict[str, tuple[int, str | None, str]]:
    with bot.read() as store:
        found = store.session.exec(select(RecordMessage))
        return {r.message_id: (r.group_id, r.text, r.user_name) for r in found}


def answers(server: fd.StandIn) -> str:
    return str([c.body for c in server.requests if c.method in {"POST", "PATCH"}])


def test_a_thread_groups_opt_out_holds_and_the_parent_never_reads_the_thread(
    bot: BotHarness,
) -> None:
    before = said(bot, ZED, THREAD_ID, "before the opt-out", ago=3)
    secret = said(bot, ZED, THREAD_ID, SECRET, ago=1)
    parent = [
        said(bot, ANA, fd.CHANNEL_ID, f"We should publish practice {n}.", 2) for n in range(3)
    ]
    for n, payload in enumerate(parent):
        payload["id"] = str(int(payload["id"]) + n)

    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        create = fd.slash(("wg", "create"), {"name": "Side Talk"}, user_id=ZED[0], name=ZED[1])
        await s.feed(in_thread(create))
        await s.feed_message(before)
        off = fd.slash(("wg-chair", "summaries"), {"state": "off"}, user_id=ZED[0], name=ZED[1])
        await s.feed(in_thread(off))
        await s.feed_message(secret)
        for payload in parent:
            await s.feed_message(payload)
        await s.feed(fd.slash(("summarize",), {}))

    server = fd.served(bot.app, scenario)
    with bot.read() as store:
        main = store.groups.by_channel("discord", CHANNEL)
        side = store.groups.by_channel("discord", str(THREAD_ID))
        assert main is not None and side is not None and main.id != side.id
    kept = rows(bot)
    assert kept[before["id"]] == (side.id, None, "")  # opt-out took the earlier words out
    assert kept[secret["id"]] == (side.id, None, "")  # and keeps none from then on
    assert kept[parent[0]["id"]][:2] == (main.id, "We should publish practice 0.")
    shown = answers(server)
    assert "Read 3 messages" in shown, shown
    assert "zanzibar" not in shown and "before the opt-out" not in shown


def test_a_message_redelivered_after_forget_me_keeps_no_words(bot: BotHarness) -> None:
    first = said(bot, KOFI, fd.CHANNEL_ID, "first words", ago=6)
    late = said(bot, KOFI, fd.CHANNEL_ID, "delivered late by a resume", ago=5)

    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed_message(first)
        await s.feed(fd.slash(("wg", "forget"), {"me": "me"}, user_id=KOFI[0], name=KOFI[1]))
        await s.feed_message(late)  # said before the forget, delivered after it
        await s.feed_message(first)  # a resume replays one already forgotten

    server = fd.served(bot.app, scenario)
    assert "the words of your 1 message are out of BPF Cybersecurity" in answers(server)
    kept = rows(bot)
    assert kept[first["id"]][1:] == (None, "")
    assert kept[late["id"]][1:] == (None, "")
    with bot.read() as store:
        texts = [r.text for r in store.session.exec(select(RecordMessage))]
    assert not any(t and ("first words" in t or "resume" in t) for t in texts)
