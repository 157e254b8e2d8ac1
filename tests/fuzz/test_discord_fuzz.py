"""Every command of the registry, fuzzed as raw INTERACTION_CREATE payloads through discord.py's
own parsing and CommandTree (options typed as Discord types them), on each database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.params import Kind
from bot.core.registry import Command
from testkit.discord import fake_discord as fd
from tests import hostile
from tests.fuzz.profiles import examples
from tests.fuzz.specs import (
    PEOPLE,
    SEED,
    Answer,
    check,
    command_ids,
    named_args,
    registry_commands,
    vocabularies,
)
from tests.harness import BotHarness

COMMANDS = registry_commands()
VOCABS = vocabularies()
USERS = {"ana": 111, "kofi": 222, "zed": 333}
EPHEMERAL = 64
RED = discord.Colour.red().value
# People named in USER options, hostile display names included.
MENTIONED = {"kofi": fd.user(222, "Kofi"), "zed": fd.user(333, hostile.RTL_OVERRIDE_NAME)}
MENTIONED["maria"] = fd.user(444, "Maria\u200b\x00<@&1> @everyone")


@contextmanager
def _session(bot: BotHarness) -> Iterator[tuple[asyncio.AbstractEventLoop, fd.Session]]:
    """One client for all of a test's examples (logging in per example would cost more)."""
    loop = asyncio.new_event_loop()
    manager = fd.discord_session(bot.app)
    session = loop.run_until_complete(manager.__aenter__())
    try:
        yield loop, session
    finally:
        loop.run_until_complete(manager.__aexit__(None, None, None))
        loop.close()


def _payload(person: str, command: Command, args: dict[str, object]) -> dict[str, Any]:
    users: dict[str, dict[str, Any]] = {}
    options = dict(args)
    for param in command.params:
        if param.kind is Kind.USER and param.name in options:
            named = MENTIONED[str(options[param.name])]
            users[param.name] = named
            options[param.name] = named["id"]
    return fd.slash(
        command.discord_path,
        options,
        user_id=USERS[person],
        name=person.capitalize(),
        users=users or None,
    )


def _answer(new: list[fd.Recorded]) -> Answer:
    ephemeral, shown, red = False, "", False
    for request in new:
        body = request.body if isinstance(request.body, dict) else {}
        data = body.get("data", body) if "/callback" in request.path else body
        if not isinstance(data, dict):
            continue
        if "/callback" in request.path and body.get("type") == 9:
            return Answer("", False, True)  # a form opened
        ephemeral = ephemeral or bool((data.get("flags") or 0) & EPHEMERAL)
        embeds = data.get("embeds") or []
        if embeds or data.get("content"):
            shown = "\n".join(
                [str(data.get("content") or "")] + [str(e.get("description") or "") for e in embeds]
            ).strip()
            red = any(e.get("color") == RED for e in embeds)
    return Answer(shown, red, ephemeral)


@pytest.mark.parametrize("command", COMMANDS, ids=command_ids(COMMANDS))
def test_discord_answers_every_input(bot: BotHarness, command: Command) -> None:
    with _session(bot) as (loop, session):

        def send(person: str, cmd: Command, args: object) -> Answer:
            assert isinstance(args, dict)
            start = len(session.server.requests)
            loop.run_until_complete(session.feed(_payload(person, cmd, args)))
            return _answer(session.server.requests[start:])

        registry = bot.app.dispatcher.registry
        for person, line in SEED:
            path = tuple(line.split()[:2])
            seeded = registry.get(path)
            assert seeded is not None
            rest = line.split(" ", 2)[2] if len(line.split()) > 2 else ""
            bot.app.dispatcher.handle_line(*_identity(person), f"/{' '.join(path)} {rest}")

        @settings(max_examples=examples(0.5))
        @given(person=st.sampled_from(PEOPLE), args=named_args(command, VOCABS))
        def prop(person: str, args: dict[str, object]) -> None:
            check(bot.app.database, send, person, command, args)

        prop()


def _identity(person: str) -> tuple[Any, Any]:
    from bot.core.messages import Actor, Platform, Where

    return (
        Actor(Platform.DISCORD, str(USERS[person]), person.capitalize()),
        Where(Platform.DISCORD, str(fd.CHANNEL_ID)),
    )
