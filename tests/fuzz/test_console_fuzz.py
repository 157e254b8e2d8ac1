"""Every command of the registry, fuzzed through the console front end on each database."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.messages import Tone
from bot.core.registry import Command
from bot.core.render_text import TONE_MARK
from bot.frontends.console import ConsoleFrontEnd, ConsoleState
from tests.fuzz.profiles import examples
from tests.fuzz.specs import (
    PEOPLE,
    SEED,
    Answer,
    check,
    command_ids,
    registry_commands,
    typed_args,
    vocabularies,
)
from tests.harness import BotHarness

COMMANDS = registry_commands()
VOCABS = vocabularies()
PRIVATE = "(only you can see this)"
ERROR_MARK = TONE_MARK[Tone.ERROR]


def _console(bot: BotHarness) -> tuple[ConsoleFrontEnd, io.StringIO]:
    out = io.StringIO()
    console = ConsoleFrontEnd(bot.app.dispatcher, ConsoleState("ana", "Ana", "wg-fuzz"), out=out)
    for person, line in SEED:
        console.state.user_id = console.state.display_name = person
        console.handle("/" + line)
    assert "✖" not in out.getvalue(), out.getvalue()
    return console, out


@pytest.mark.parametrize("command", COMMANDS, ids=command_ids(COMMANDS))
def test_console_answers_every_input(bot: BotHarness, command: Command) -> None:
    console, out = _console(bot)

    def send(person: str, cmd: Command, args: object) -> Answer:
        out.seek(0)
        out.truncate()
        console.state.user_id = console.state.display_name = person
        console.handle(f"{cmd.invocation} {args}")
        lines = out.getvalue().strip().split("\n")
        ephemeral = lines[-1] == PRIVATE
        lines = lines[:-1] if ephemeral else lines
        error = lines[0].startswith(ERROR_MARK)
        return Answer("\n".join(lines).removeprefix(ERROR_MARK), error, ephemeral)

    @settings(max_examples=examples())
    @given(person=st.sampled_from(PEOPLE), args=typed_args(command, VOCABS))
    def prop(person: str, args: str) -> None:
        check(bot.app.database, send, person, command, args)

    prop()
