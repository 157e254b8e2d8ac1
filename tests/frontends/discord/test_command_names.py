"""Commands the core names read as Discord spells them (`/wg-chair goal`); a person's own
`/wg goal` (a goal, a quoted chat message in a draft) reads exactly as they wrote it, on
Discord as everywhere (issue 28, item 7)."""

from __future__ import annotations

from typing import Any

from bot.core.command_ref import MARK, unmarked
from bot.core.messages import Platform, Reply
from bot.domain.draft_wording import content, words
from bot.scheduler.spelling import spelled
from testkit.discord import fake_discord as fd
from testkit.discord.fake_discord import Session
from tests import hostile
from tests.harness import BotHarness


def _text(body: dict[str, Any]) -> str:
    return str(body["data"].get("embeds") or body["data"].get("content"))


def test_a_goal_that_names_a_command_is_shown_as_typed_on_discord(bot: BotHarness) -> None:
    goal = "Agree why /wg goal and /wg overview confuse newcomers"

    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed(fd.slash(("wg-chair", "goal"), {"text": goal}))
        await s.feed(fd.slash(("wg", "status")))
        await s.feed(fd.slash(("wg-chair", "goal"), {"text": hostile.COMMAND_NAMES[-1]}))
        await s.feed(fd.slash(("wg", "status")))

    server = fd.served(bot.app, scenario)
    _, set_goal, status, forged, status_after = (_text(c.body) for c in server.callbacks())
    assert goal in status and goal in set_goal  # the person's words, not `/wg-chair goal`
    assert "/wg-chair goal" not in set_goal.replace("`/wg-chair goal", "")  # no re-spelling
    assert "`/wg-chair" in status  # the core's own hints still read as Discord types them
    # A forged mark is dropped at the input boundary: the goal reads `/wg goal forged`.
    assert "/wg goal forged" in status_after and "/wg-chair goal forged" not in status_after
    assert MARK not in forged + status_after


def test_the_hostile_command_names_are_never_respelled(bot: BotHarness) -> None:
    registry = bot.app.dispatcher.registry
    for text in hostile.COMMAND_NAMES[:-1]:
        for platform in ("discord", "slack", "console", "email"):
            assert registry.spell(text, platform) == text


def test_a_stored_draft_quoting_a_command_keeps_the_quote() -> None:
    """A draft's own hint (bot/domain/draft_wording.py, stored, shown later on any platform)
    is marked; the chat it quotes is not."""
    quote = "Most discussed: someone said try /wg goal."
    reply = Reply(text=f"{words('en').no_brief} {quote}")
    on_discord = spelled(reply, Platform.DISCORD).text
    assert "`/wg-chair goal`" in on_discord and quote in on_discord
    on_slack = spelled(reply, Platform.SLACK).text
    assert "`/wg goal`" in on_slack and quote in on_slack and MARK not in on_slack
    # A draft stored before the mark existed reads as it was written, everywhere.
    old = Reply(text=f"{unmarked(words('en').no_brief)} {quote}")
    assert spelled(old, Platform.DISCORD) == old
    # Both are the drafter's own words to the overlap finder (bot/overview/drafts.py).
    assert content(words("en").no_brief) == content(unmarked(words("en").no_brief)) == ""
