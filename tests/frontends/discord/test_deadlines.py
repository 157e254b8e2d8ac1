"""Discord's deadlines with a slow database: the charter modal opens and its submission is
acknowledged within 3 s when every database call takes 3.5 s; a modal submitted after its
form's life or across a restart is answered with the typed text; option limits and where
commands are offered come from the registry."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlmodel import Session as DbSession

from bot.core.messages import Platform
from bot.core.params import Kind
from bot.frontends.discord import limits
from bot.frontends.discord.tree import DM_PATHS, option_max_length
from testkit.discord import fake_discord as fd
from testkit.discord.fake_discord import Session
from tests.harness import BotHarness

# Real time: Discord's 3 s on a slow database (see tests/frontends/slack/test_storm.py).
pytestmark = pytest.mark.xdist_group("realtime")

EPHEMERAL = 64
CHANNEL = str(fd.CHANNEL_ID)
SLOW = 3.5


def _slow_database(bot: BotHarness, seconds: float) -> None:
    """Every transaction waits `seconds` before it starts: a database far slower than
    Discord's 3 s acknowledgement deadline."""
    real = bot.app.database.session

    @contextmanager
    def session(*, readonly: bool = False) -> Iterator[DbSession]:
        time.sleep(seconds)
        with real(readonly=readonly) as db:
            yield db

    bot.app.database.session = session  # type: ignore[method-assign]


def _run(bot: BotHarness, scenario: Any, **options: Any) -> fd.StandIn:
    return fd.served(bot.app, scenario, **options)


def _inputs(modal: dict[str, Any]) -> dict[str, dict[str, Any]]:
    fields = [c["components"][0] if c["type"] == 1 else c["component"] for c in modal["components"]]
    return {f["custom_id"]: f for f in fields}


def _followups(server: fd.StandIn) -> list[dict[str, Any]]:
    return [r.body for r in server.calls("POST", r"^/webhooks/\d+/[^/]+$")]


def _answers(bot: BotHarness) -> dict[int, str]:
    with bot.read() as store:
        group = store.groups.by_channel("discord", CHANNEL)
        assert group is not None
        return {n: a.answer for n, a in store.charter.answers(group.id or 0).items()}


async def _timed_feed(s: Session, payload: dict[str, Any]) -> tuple[fd.Recorded, float]:
    """Feed an interaction; its first callback and how long after the feed it came."""
    before = len(s.server.callbacks())
    start = time.perf_counter()
    await s.feed(payload)
    first = s.server.callbacks()[before]
    return first, first.at - start


def test_charter_modal_opens_and_submits_within_discords_deadline_on_a_slow_database(
    bot: BotHarness,
) -> None:
    bot.platform = Platform.DISCORD
    bot.channel = CHANNEL
    bot.say("/wg create BPF Cybersecurity", user="111", name="Ana")
    bot.say("/wg charter 1 Too many incidents", user="111", name="Ana")
    _slow_database(bot, SLOW)
    timings: dict[str, float] = {}

    async def scenario(s: Session) -> None:
        opened, timings["open"] = await _timed_feed(s, fd.slash(("wg", "charter")))
        assert opened.body["type"] == 9  # the modal, without waiting for the database
        fields = _inputs(opened.body["data"])
        assert "value" not in fields["q1"]  # not known yet: left out, never guessed
        assert fields["q1"]["placeholder"].startswith("Empty keeps the current answer.")
        await asyncio.sleep(SLOW + 0.5)  # the read started at opening lands in the cache

        again, timings["reopen"] = await _timed_feed(s, fd.slash(("wg", "charter")))
        modal = again.body["data"]
        assert _inputs(modal)["q1"]["value"] == "Too many incidents"  # from memory, at once
        values = {"q1": "Too many incidents", "q2": "Ransomware on ISPs", "q3": ""}
        deferred, timings["submit"] = await _timed_feed(
            s, fd.modal_submit(modal["custom_id"], values)
        )
        assert deferred.body == {"type": 5, "data": {"flags": EPHEMERAL}}

    server = _run(bot, scenario)
    assert timings["open"] < limits.ACK_SECONDS, timings
    assert timings["reopen"] < limits.ACK_SECONDS, timings
    assert timings["submit"] < limits.ACK_SECONDS, timings
    (done,) = _followups(server)
    assert "answered charter question 2" in done["embeds"][0]["description"]
    assert _answers(bot) == {1: "Too many incidents", 2: "Ransomware on ISPs"}


def test_a_value_left_as_shown_is_not_saved_over_a_newer_answer(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed(fd.slash(("wg", "charter"), {"number": 1, "answer": "Old problem"}))
        await s.feed(fd.slash(("wg", "charter")))
        modal = s.server.callbacks()[-1].body["data"]
        assert _inputs(modal)["q1"]["value"] == "Old problem"
        # Another chair answers question 1 while this form is open.
        await s.feed(fd.slash(("wg", "charter"), {"number": 1, "answer": "New problem"}))
        await s.feed(fd.modal_submit(modal["custom_id"], {"q1": "Old problem", "q2": "Who"}))

    _run(bot, scenario)
    assert _answers(bot) == {1: "New problem", 2: "Who"}


def test_expired_modal_is_answered_with_the_typed_text(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed(fd.slash(("wg", "charter")))
        modal_id = s.server.callbacks()[-1].body["data"]["custom_id"]
        await s.feed(
            fd.modal_submit(modal_id, {"q1": "Line one\nLine two", "q2": "", "q5": "Five ISPs"})
        )

    server = _run(bot, scenario, form_life=0.0)
    answer = server.callbacks()[-1].body
    assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
    text = answer["data"]["embeds"][0]["description"]
    assert "did not save" in text and "/wg charter" in text
    assert "Line one\nLine two" in text and "Five ISPs" in text
    assert "1. " in text and "5. " in text  # each answer under its question
    assert _answers(bot) == {}


def test_modal_from_before_a_restart_is_answered_with_the_typed_text(bot: BotHarness) -> None:
    ids: list[str] = []

    async def before(s: Session) -> None:
        await s.feed(fd.slash(("wg", "create"), {"name": "BPF Cybersecurity"}))
        await s.feed(fd.slash(("wg", "charter")))
        ids.append(s.server.callbacks()[-1].body["data"]["custom_id"])

    async def after(s: Session) -> None:  # a new client: nothing remembered
        await s.feed(fd.modal_submit(ids[0], {"q3": "Five ISPs adopt"}))
        # A modal of the old id format, from a build before this one.
        await s.feed(fd.modal_submit("wg-charter-modal|1|111", {"q4": ""}))

    _run(bot, before)
    server = _run(bot, after)
    typed, empty = (c.body["data"] for c in server.callbacks())
    assert typed["flags"] & EPHEMERAL and "Five ISPs adopt" in typed["embeds"][0]["description"]
    assert "Nothing was typed in it" in empty["embeds"][0]["description"]
    assert _answers(bot) == {}


def test_string_options_carry_the_cores_length_limits(bot: BotHarness) -> None:
    registry, vocabularies = bot.app.dispatcher.registry, bot.app.dispatcher.vocabularies
    payload: list[dict[str, Any]] = []

    async def scenario(s: Session) -> None:
        payload.extend(c.to_dict(s.client.tree) for c in s.client.tree.get_commands())

    _run(bot, scenario)
    declared: dict[tuple[str, ...], dict[str, Any]] = {}
    for top in payload:
        subs = [o for o in top.get("options", []) if o["type"] == 1]
        for sub in subs or [top]:
            path = (top["name"], sub["name"]) if subs else (top["name"],)
            for option in sub.get("options", []):
                declared[(*path, option["name"])] = option
    checked = 0
    for command in registry:
        for param in command.params:
            option = declared[(*command.discord_path, param.name)]
            if param.kind in (Kind.WORD, Kind.TEXT):
                assert option["max_length"] == param.limit, (command.path, param.name)
                checked += 1
            if option["type"] == 3:  # every free string option has a limit
                assert option.get("choices") or option.get("max_length"), option
            assert option.get("max_length") == option_max_length(param, vocabularies)
    assert checked >= 15
    # The core refuses what Discord would not let through, at the same number, from any
    # front end: a goal typed past the limit on the console changes nothing.
    goal = registry.get(("wg", "goal"))
    assert (
        goal is not None
        and goal.params[0].limit == declared[("wg-chair", "goal", "text")]["max_length"]
    )
    limit = goal.params[0].limit
    bot.say("/wg create BPF Cybersecurity")
    refused = bot.say("/wg goal " + "x" * (limit + 1))
    assert refused.tone.value == "error" and len(refused.text) < 250
    bot.say("/wg goal " + "x" * limit)
    with bot.read() as store:
        group = store.groups.by_channel("console", bot.channel)
        assert group is not None and group.goal == "x" * limit


def test_commands_are_offered_in_servers_and_only_the_personal_ones_in_dms(
    bot: BotHarness,
) -> None:
    payload: dict[str, dict[str, Any]] = {}

    async def scenario(s: Session) -> None:
        payload.update({c.name: c.to_dict(s.client.tree) for c in s.client.tree.get_commands()})
        await s.feed(_dm(fd.slash(("wg", "status"))))
        await s.feed(_dm(fd.slash(("wg", "help"))))

    server = _run(bot, scenario)
    assert payload["summarize"]["contexts"] == [0]  # GUILD only
    assert sorted(payload["wg"]["contexts"]) == [0, 1]  # /wg help and /wg home work in DMs
    assert payload["wg-chair"]["contexts"] == [0]
    assert sorted(payload["wg-mag"]["contexts"]) == [0, 1]  # the overview needs no channel
    assert all(path[0] == "wg" and bot.app.dispatcher.registry.get(path) for path in DM_PATHS)
    refused, helped = (c.body["data"] for c in server.callbacks())
    assert refused["flags"] & EPHEMERAL
    assert (
        "works in a server channel, not in direct messages" in (refused["embeds"][0]["description"])
    )
    assert "/wg" in str(helped["embeds"]) and "not in direct messages" not in str(helped)


def _dm(payload: dict[str, Any]) -> dict[str, Any]:
    """The same interaction as Discord sends it from a direct message with the bot."""
    dm = dict(payload)
    dm.pop("guild_id")
    dm["user"] = dm.pop("member")["user"]
    dm["channel"] = {"id": dm["channel_id"], "type": 1, "recipients": [dm["user"]]}
    dm["context"] = 1
    dm["authorizing_integration_owners"] = {"1": dm["user"]["id"]}
    return dm
