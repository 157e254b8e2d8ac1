"""A statement's Agree / Disagree / Pass buttons through real INTERACTION_CREATE payloads
(discord.py's own parsing and DynamicItem routing), also after a restart: a new app and a new
client on the same database, holding nothing but the custom ids of the old message."""

from __future__ import annotations

from typing import Any

from testkit.discord import fake_discord as fd
from testkit.discord.fake_discord import Session
from tests.harness import BotHarness

EPHEMERAL = 64
CHANNEL = str(fd.CHANNEL_ID)


def _description(body: dict[str, Any]) -> str:
    return str(body["data"]["embeds"][0]["description"])


def _votes(bot: BotHarness) -> list[tuple[str, str]]:
    with bot.read() as store:
        group = store.groups.by_channel("discord", CHANNEL)
        assert group is not None and group.id is not None
        statement = store.statements.get(group.id, 1)
        assert statement is not None and statement.id is not None
        return [(v.voter, v.choice) for v in store.votes.of_statement(statement.id)]


def test_vote_buttons_record_change_and_survive_a_restart(database_url: str) -> None:
    custom_ids: dict[str, str] = {}
    answers: list[dict[str, Any]] = []

    async def first(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed(fd.slash(("wg", "join"), {"group": "Government"}, user_id=222, name="Lars"))
        await s.feed(fd.slash(("wg", "propose"), {"text": "Recommend BCP 38"}))
        posted = s.server.callbacks()[-1].body["data"]
        assert "Recommend BCP 38" in posted["embeds"][0]["description"]
        for row in posted["components"]:
            for button in row["components"]:
                custom_ids[button["label"]] = button["custom_id"]
        await s.feed(fd.button_click(custom_ids["Agree"], user_id=222, name="Lars"))
        await s.feed(fd.button_click(custom_ids["Disagree"], user_id=222, name="Lars"))
        await s.feed(fd.button_click(custom_ids["Agree"], user_id=999, name="Zed"))
        answers.extend(c.body for c in s.server.callbacks()[-3:])

    bot = BotHarness(database_url)
    try:
        fd.run(bot.app, first)
        assert set(custom_ids) == {"Agree", "Disagree", "Pass"}
        assert all(len(c) <= 100 for c in custom_ids.values())
        agreed, changed, refused = answers
        assert "Your vote on statement #1: agree" in _description(agreed)
        assert agreed["data"]["flags"] & EPHEMERAL
        assert "disagree (it was agree), counted for Government" in _description(changed)
        assert refused["data"]["flags"] & EPHEMERAL
        assert "/wg join GROUP [REGION]" in _description(refused)
        assert _votes(bot) == [("discord:222", "disagree")]
    finally:
        bot.app.database.dispose()

    async def after_restart(s: Session) -> None:
        await s.feed(fd.button_click(custom_ids["Pass"], user_id=222, name="Lars"))
        answers.append(s.server.callbacks()[-1].body)

    restarted = BotHarness(database_url)
    try:
        fd.run(restarted.app, after_restart)
        assert "pass (it was disagree)" in _description(answers[-1])
        assert _votes(restarted) == [("discord:222", "pass")]
    finally:
        restarted.app.database.dispose()
