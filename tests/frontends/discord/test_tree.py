"""The application command tree mirrors the registry and stays within Discord's limits."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands

from bot.core.params import Kind
from bot.core.registry import Command
from bot.frontends.discord import limits
from bot.frontends.discord.client import WgClient
from tests.harness import BotHarness

NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
OPTION_TYPES = {Kind.WORD: 3, Kind.TEXT: 3, Kind.CHOICE: 3, Kind.INT: 4, Kind.USER: 6}


def _payload(bot: BotHarness) -> list[dict[str, Any]]:
    client = WgClient(bot.app, intents=discord.Intents(guilds=True))
    return [c.to_dict(client.tree) for c in client.tree.get_commands()]


def _check_option_limits(option: dict[str, Any]) -> None:
    assert NAME.match(option["name"]), option["name"]
    assert 1 <= len(option["description"]) <= limits.COMMAND_DESCRIPTION
    for choice in option.get("choices", []):
        assert len(choice["name"]) <= limits.CHOICE_NAME
    assert len(option.get("choices", [])) <= limits.CHOICES_PER_OPTION


def _walk(entry: dict[str, Any]) -> None:
    assert NAME.match(entry["name"]), entry["name"]
    assert 1 <= len(entry["description"]) <= limits.COMMAND_DESCRIPTION
    options = entry.get("options", [])
    assert len(options) <= limits.OPTIONS_PER_COMMAND
    for option in options:
        if option["type"] in (1, 2):  # subcommand, subcommand group
            _walk(option)
        else:
            _check_option_limits(option)


def test_tree_stays_within_discord_limits(bot: BotHarness) -> None:
    payload = _payload(bot)
    for entry in payload:
        _walk(entry)
        assert len([o for o in entry.get("options", []) if o["type"] == 1]) <= 25
    assert len(payload) <= 100  # top-level chat commands an application may have


def _option_for(entry: dict[str, Any], command: Command) -> list[dict[str, Any]]:
    if len(command.discord_path) == 1:
        return list(entry.get("options", []))
    (sub,) = [o for o in entry["options"] if o["name"] == command.discord_path[1]]
    assert sub["type"] == 1
    assert sub["description"] == limits.clip(command.summary, limits.COMMAND_DESCRIPTION)
    return list(sub.get("options", []))


def test_tree_mirrors_the_registry(bot: BotHarness) -> None:
    payload = {entry["name"]: entry for entry in _payload(bot)}
    registry = bot.app.dispatcher.registry
    roots = {c.discord_path[0] for c in registry}
    assert set(payload) == roots | {"summarize"}
    for root in roots - {"summarize"}:
        assert {o["name"] for o in payload[root]["options"]} == {
            c.discord_path[1] for c in registry if c.discord_path[0] == root
        }
    for command in registry:
        options = {o["name"]: o for o in _option_for(payload[command.discord_path[0]], command)}
        assert list(options) == sorted(
            (p.name for p in command.params), key=lambda n: not _param(command, n).required
        )
        for param in command.params:
            option = options[param.name]
            assert option["type"] == OPTION_TYPES[param.kind]
            assert option["required"] is param.required
            if param.min_value is not None:
                assert option["min_value"] == param.min_value
            if param.max_value is not None:
                assert option["max_value"] == param.max_value
            if param.kind is Kind.CHOICE:
                assert param.vocabulary is not None
                vocab = bot.app.dispatcher.vocabularies.get(param.vocabulary)
                assert [c["value"] for c in option["choices"]] == list(vocab.names)


# Discord's per-command limits (a top-level command with all its subcommands): 25 options at
# each level and 4,000 characters of names, descriptions, choice names and values. The tree
# must keep this much room for the commands still to come, so a test fails well before
# Discord would refuse the sync.
SUBCOMMANDS_SPARE = 5
CHARACTERS_SPARE = 800


def _characters(entry: dict[str, Any]) -> int:
    total = len(entry["name"]) + len(entry.get("description", ""))
    for choice in entry.get("choices", []):
        total += len(choice["name"]) + len(str(choice["value"]))
    return total + sum(_characters(o) for o in entry.get("options", []))


def _required_first(entry: dict[str, Any]) -> None:
    options = entry.get("options", [])
    leaves = [o for o in options if o["type"] not in (1, 2)]
    flags = [bool(o.get("required")) for o in leaves]
    assert flags == sorted(flags, reverse=True), f"{entry['name']}: optional before required"
    for option in options:
        if option["type"] in (1, 2):
            _required_first(option)


def test_tree_keeps_room_under_discord_limits(bot: BotHarness) -> None:
    for entry in _payload(bot):
        assert _characters(entry) <= limits.COMMAND_CHARACTERS - CHARACTERS_SPARE, entry["name"]
        per_level = [entry, *(o for o in entry.get("options", []) if o["type"] == 2)]
        for level in per_level:
            count = len(level.get("options", []))
            assert count <= limits.SUBCOMMANDS_PER_GROUP - SUBCOMMANDS_SPARE, level["name"]
        _required_first(entry)


def test_room_check_counts_what_discord_counts() -> None:
    """The counter itself: every name, description, choice name and value, at every level."""
    entry = {
        "name": "wg",
        "description": "abc",
        "options": [
            {
                "type": 1,
                "name": "vote",
                "description": "d",
                "options": [
                    {
                        "type": 3,
                        "name": "x",
                        "description": "yz",
                        "choices": [{"name": "agree", "value": "agree"}],
                    }
                ],
            }
        ],
    }
    assert _characters(entry) == 2 + 3 + 4 + 1 + 1 + 2 + 5 + 5
    entry["options"][0]["options"] = [
        {"type": 3, "name": "a", "description": "a", "required": False},
        {"type": 3, "name": "b", "description": "b", "required": True},
    ]
    try:
        _required_first(entry)
    except AssertionError:
        pass
    else:
        raise AssertionError("an optional option before a required one went unnoticed")


def test_chairs_and_mag_commands_have_their_own_discord_commands(bot: BotHarness) -> None:
    registry = bot.app.dispatcher.registry
    goal = registry.get(("wg", "goal"))
    overview = registry.get(("wg", "overview"))
    vote = registry.get(("wg", "vote"))
    assert goal and overview and vote
    assert goal.discord_path == ("wg-chair", "goal")
    assert overview.discord_path == ("wg-mag", "overview")
    assert vote.discord_path == ("wg", "vote")
    assert goal.usage_on("discord") == "/wg-chair goal TEXT…"
    assert goal.usage_on("slack") == goal.usage == "/wg goal TEXT…"


def _param(command: Command, name: str) -> Any:
    return next(p for p in command.params if p.name == name)


def test_large_vocabulary_becomes_autocomplete(database_url: str) -> None:
    regions = [f"Region {n:02d}" for n in range(26)]
    bot = BotHarness(database_url, wgbot_regions=regions)
    try:
        payload = {entry["name"]: entry for entry in _payload(bot)}
    finally:
        bot.app.database.dispose()
    (join,) = [o for o in payload["wg"]["options"] if o["name"] == "join"]
    region = next(o for o in join["options"] if o["name"] == "region")
    assert region.get("autocomplete") is True and "choices" not in region
    group = next(o for o in join["options"] if o["name"] == "group")
    assert len(group["choices"]) == 6


def test_generated_callbacks_are_app_commands(bot: BotHarness) -> None:
    client = WgClient(bot.app, intents=discord.Intents(guilds=True))
    wg = client.tree.get_command("wg")
    assert isinstance(wg, app_commands.Group)
    join = wg.get_command("join")
    assert isinstance(join, app_commands.Command)
    assert [p.name for p in join.parameters] == ["group", "region"]
