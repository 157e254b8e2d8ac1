"""Hostile strings in list mail (sender names, subjects, bodies: tests/hostile.py) arrive as
neutral text and stay inert where list posts are shown: a draft of the list's discussion as
Slack and Discord render it, and `wgbot email status`."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Platform
from bot.core.render_text import render_text
from bot.frontends.discord.render import render as discord_render
from bot.frontends.email.cli import status_lines
from bot.frontends.email.inbound import Inbound, Outcome
from bot.frontends.slack.blocks import render as slack_render
from tests.frontends.email.mail import LIST, list_post
from tests.harness import START, BotHarness
from tests.hostile import ALL, HOSTILE, assert_inert_discord, assert_inert_slack


def test_hostile_mail_is_inert_in_drafts_and_status(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say(f"/wg list {LIST}")
    inbound = Inbound(bot.app.database, bot.app.settings, bot.clock)
    payloads = [*HOSTILE, *ALL[:30]]
    for n, text in enumerate(payloads):
        raw = list_post(
            f"h{n}@example.org",
            f"p{n}@example.org",
            name=text[:60].replace("\n", " "),
            subject=text[:120].replace("\n", " ") or "x",
            body=f"{text}\n\nWe should ask the regional CERTs about point {n}.",
            at=START + timedelta(minutes=n),
        )
        result = inbound.ingest(raw, source="lmtp")
        assert result.outcome in (Outcome.NON_MEMBER, "malformed"), (n, result)
    bot.clock.advance(timedelta(hours=2))
    # An admin asks for a draft of the list's discussion where the list is bound.
    bot.platform = Platform.EMAIL
    reply = bot.say("/summarize", user="admin", channel=LIST)
    bot.platform = Platform.CONSOLE
    assert reply.tone.value != "error", reply.text
    shown = render_text(reply)
    assert "regional CERTs" in shown, shown  # the words are there
    slack = [{"text": m.text, "blocks": m.blocks} for m in slack_render(reply)]
    assert assert_inert_slack(slack) > 5
    discord = [
        {
            "content": m.content or "",
            "embeds": [m.embed.to_dict()] if m.embed else [],
            "allowed_mentions": m.allowed_mentions.to_dict(),
        }
        for m in discord_render(reply)
    ]
    assert assert_inert_discord(discord) >= 5
    with bot.read() as store:
        lists = [(a, g.name) for a, g in store.email.lists()]
        lines = status_lines(lists, store.email.stats(), store.email.sources())
    assert_inert_slack([{"text": line} for line in lines])
