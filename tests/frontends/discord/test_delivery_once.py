"""Discord's delivery port: a nonce with enforce_nonce (Discord drops a quick repeat) and a
footer reference the bot finds again in the channel's history after a crash."""

from __future__ import annotations

from datetime import timedelta

from bot.core.delivery_tags import DELIVERY_KEY, part_tag, tag
from bot.core.messages import Platform, Reply
from bot.core.ports import Recipient, RecipientKind
from bot.frontends.discord.delivery import DiscordDelivery
from testkit.discord.fake_discord import TOKEN, standin_in_thread
from tests.harness import START
from tests.hostile import MENTIONS

DM = Recipient(Platform.DISCORD, RecipientKind.USER, "444")
KEY = "nudge|1|discord:user:444|2027-W02"


def _reply(key: str) -> Reply:
    return Reply(title="Weekly nudge", text=" ".join(MENTIONS), metadata={DELIVERY_KEY: key})


def test_a_repeat_within_minutes_is_dropped_by_discord_itself() -> None:
    with standin_in_thread() as standin:
        standin.clock = lambda: START
        first = DiscordDelivery(TOKEN).send(DM, _reply(KEY))
        again = DiscordDelivery(TOKEN).send(DM, _reply(KEY))  # a restarted process, at once
        assert again == first and len(standin.created()) == 1
        post = standin.calls("POST", r"^/channels/\d+/messages$")[0].body
        assert post["nonce"] == part_tag(KEY, 0) and post["enforce_nonce"] is True
        assert len(post["nonce"]) <= 25
        assert standin.created()[0]["embeds"][0]["footer"]["text"] == f"wgbot · ref {tag(KEY)}"


def test_a_restart_finds_the_message_by_its_footer() -> None:
    with standin_in_thread() as standin:
        standin.clock = lambda: START
        sent = DiscordDelivery(TOKEN).send(DM, _reply(KEY))
        other = "nudge|2|discord:user:444|2027-W02"
        restarted = DiscordDelivery(TOKEN)
        claimed = START - timedelta(seconds=5)
        assert restarted.find_sent(DM, KEY, claimed) == sent
        assert restarted.find_sent(DM, other, claimed) is None
        # Only the bot's own messages count, and only since the claim.
        assert restarted.find_sent(DM, KEY, START + timedelta(hours=1)) is None
        assert len(standin.created()) == 1
