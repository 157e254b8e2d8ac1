"""Discord says what the other front ends say: commands named as Discord spells them
(`/wg-chair goal`), the shared notices (bot/core/notices.py), and typed input quoted."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from bot.core import notices
from bot.frontends.discord.tree import error_text
from bot.ground.normalise import quoted
from testkit.discord import fake_discord as fd
from testkit.discord.fake_discord import Session
from tests import hostile
from tests.harness import BotHarness

EPHEMERAL = 64


def _run(bot: BotHarness, scenario: Any, **options: Any) -> fd.StandIn:
    return fd.served(bot.app, scenario, **options)


def _text(body: dict[str, Any]) -> str:
    return str(body["data"].get("embeds") or body["data"].get("content"))


def test_hints_name_chair_and_mag_commands_as_discord_spells_them(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed(fd.slash(("wg", "status")))
        await s.feed(fd.slash(("wg-chair", "goal"), {"text": "x"}, user_id=333))

    server = _run(bot, scenario)
    created, status, refused = (_text(c.body) for c in server.callbacks())
    # The core writes `/wg goal …`; on Discord that command lives under /wg-chair.
    assert "`/wg-chair goal …`" in created and "`/wg goal" not in created
    assert "`/wg-chair deadline …`" in status and "`/wg-chair sponsor @user`" in status
    assert "/wg deadline" not in status and "/wg sponsor" not in status
    assert "`/wg join GROUP [REGION]`" in created  # a member's command keeps its /wg
    assert "Only a chair" in refused


def test_a_user_discord_did_not_resolve_is_taken_by_id(bot: BotHarness) -> None:
    """discord.py hands over a bare discord.Object for a user option without resolved data:
    its id names the person (it used to be refused as `<Object id=444 …>`)."""
    payload = fd.slash(
        ("wg-chair", "sponsor"), {"user": "444"}, users={"user": fd.user(444, "Maria")}
    )
    del payload["data"]["resolved"]

    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed(payload)

    server = _run(bot, scenario)
    assert "Object id" not in _text(server.callbacks()[-1].body)
    with bot.read() as store:
        group = store.groups.by_channel("discord", str(fd.CHANNEL_ID))
        assert group is not None and group.id is not None
        assert [s.user_id for s in store.sponsors.of_group(group.id)] == ["444"]


@pytest.mark.parametrize("value", [*hostile.MENTIONS[:4], "`rm -rf`", "x" * 500])
def test_a_value_discord_could_not_convert_is_quoted_in_one_short_line(value: str) -> None:
    error = app_commands.TransformerError(
        value, discord.AppCommandOptionType.user, app_commands.transformers.MemberTransformer()
    )
    text = error_text(error)
    assert text == notices.invalid_option(value)
    assert text.startswith(quoted(value, 30)) and "\n" not in text and len(text) < 120
    assert error_text(app_commands.CheckFailure()) == notices.could_not_run()
