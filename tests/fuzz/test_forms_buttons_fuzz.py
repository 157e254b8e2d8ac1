"""Button values and form fields, fuzzed where every front end hands them to the core
(Dispatcher.handle_action / handle_form), and button clicks through discord.py's parsing: a
forged or hostile value is refused in one line and changes nothing."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.messages import Action, Actor, Platform, Reply, Tone, Where
from bot.core.registry import Command
from bot.domain.charter import CHARTER_SIZE
from testkit.discord import fake_discord as fd
from tests import hostile
from tests.fuzz.profiles import examples
from tests.fuzz.specs import JUNK, JUNK_WORD, PEOPLE, SEED, Answer, check
from tests.fuzz.test_discord_fuzz import _answer
from tests.harness import BotHarness

CHANNEL = "wg-fuzz"
IDS = st.one_of(
    st.integers(0, 30).map(str), st.sampled_from(hostile.NUMBERS), JUNK_WORD, st.just("")
)
VALUES = st.one_of(
    st.tuples(
        st.sampled_from(["commit", "snooze", "stepdown", "post", "discard", "agree"]), IDS
    ).map(":".join),
    st.tuples(st.sampled_from(["commit", "snooze"]), IDS, IDS).map(":".join),
    IDS,
    JUNK,
    st.sampled_from(hostile.ALL),
)
FIELD = st.one_of(st.just(""), JUNK, st.sampled_from(hostile.ALL), st.text(max_size=5000))
FIELDS = st.dictionaries(
    st.one_of(st.sampled_from([f"q{n}" for n in range(0, CHARTER_SIZE + 2)]), JUNK_WORD),
    FIELD,
    max_size=4,
)
_FORM = Command(path=("form",), summary="", handler=lambda _c, _a: Reply())  # for messages


def _seeded(bot: BotHarness) -> None:
    for person, line in SEED:
        actor = Actor(Platform.CONSOLE, person, person.capitalize())
        bot.app.dispatcher.handle_line(actor, Where(Platform.CONSOLE, CHANNEL), "/" + line)


def _core_answer(reply: Reply) -> Answer:
    return Answer(reply.text, reply.tone is Tone.ERROR, reply.ephemeral)


def test_button_values_reach_the_core_normalised(bot: BotHarness) -> None:
    _seeded(bot)
    prefixes = [spec.prefix for spec in bot.app.dispatcher.registry.actions()]

    def send(person: str, _command: Command, args: object) -> Answer:
        prefix, value = args  # type: ignore[misc]
        action = Action(
            Actor(Platform.CONSOLE, person, person), Where(Platform.CONSOLE, CHANNEL), prefix, value
        )
        return _core_answer(bot.app.dispatcher.handle_action(action))

    @settings(max_examples=examples(4))
    @given(
        person=st.sampled_from(PEOPLE),
        prefix=st.sampled_from(prefixes).map(lambda p: f"{p}:x"),
        value=VALUES,
    )
    def prop(person: str, prefix: str, value: str) -> None:
        check(bot.app.database, send, person, _FORM, (prefix, value))

    prop()


def test_form_fields_reach_the_core_normalised(bot: BotHarness) -> None:
    _seeded(bot)

    def send(person: str, _command: Command, args: object) -> Answer:
        assert isinstance(args, dict)
        actor = Actor(Platform.CONSOLE, person, person)
        where = Where(Platform.CONSOLE, CHANNEL)
        return _core_answer(bot.app.dispatcher.handle_form(actor, where, "charter", args))

    @settings(max_examples=examples(4))
    @given(person=st.sampled_from(PEOPLE), fields=FIELDS)
    def prop(person: str, fields: dict[str, str]) -> None:
        check(bot.app.database, send, person, _FORM, fields)

    prop()


@pytest.mark.parametrize("field", ["q3"])
def test_nothing_invisible_is_saved_from_a_form(bot: BotHarness, field: str) -> None:
    _seeded(bot)
    actor, where = Actor(Platform.CONSOLE, "ana", "Ana"), Where(Platform.CONSOLE, CHANNEL)
    dispatcher = bot.app.dispatcher
    blank = dispatcher.handle_form(actor, where, "charter", {field: hostile.ZERO_WIDTH_ONLY})
    assert blank.text == "Nothing entered: the charter is unchanged."
    refused = dispatcher.handle_form(actor, where, "charter", {field: "a\x00b"})
    assert refused.tone is Tone.ERROR and refused.text.startswith("Answer 3 contains a control")
    saved = dispatcher.handle_form(actor, where, "charter", {field: "Clear \u202egoals\u200b"})
    assert saved.tone is Tone.SUCCESS
    with bot.read() as store:
        group = store.groups.by_channel("console", CHANNEL)
        assert group is not None and group.id is not None
        assert store.charter.answers(group.id)[3].answer == "Clear goals"


def test_discord_button_clicks_with_forged_ids(bot: BotHarness) -> None:
    """Custom ids a client could forge: through discord.py's component dispatch."""
    for person, line in SEED:
        actor = Actor(Platform.DISCORD, str({"ana": 111, "kofi": 222, "zed": 333}[person]), person)
        bot.app.dispatcher.handle_line(
            actor, Where(Platform.DISCORD, str(fd.CHANNEL_ID)), "/" + line
        )
    prefixes = [spec.prefix for spec in bot.app.dispatcher.registry.actions()]
    loop = asyncio.new_event_loop()
    manager = fd.discord_session(bot.app)
    session = loop.run_until_complete(manager.__aenter__())

    def send(person: str, _command: Command, args: object) -> Answer:
        start = len(session.server.requests)
        payload = fd.button_click(str(args), user_id={"ana": 111, "kofi": 222, "zed": 333}[person])
        loop.run_until_complete(session.feed(payload))
        return _answer(session.server.requests[start:])

    @settings(max_examples=examples(2))
    @given(
        person=st.sampled_from(PEOPLE),
        custom_id=st.tuples(st.sampled_from(prefixes), JUNK_WORD, VALUES).map(
            lambda parts: f"{parts[0]}:{parts[1]}|{parts[2]}"[:100]
        ),
    )
    def prop(person: str, custom_id: str) -> None:
        check(bot.app.database, send, person, _FORM, custom_id)

    try:
        prop()
    finally:
        loop.run_until_complete(manager.__aexit__(None, None, None))
        loop.close()
