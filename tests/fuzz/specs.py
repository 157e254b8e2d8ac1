"""Inputs generated from each command's parameter spec in the registry, and the properties every
answer must have whatever the front end: no exception escapes, no "something went wrong",
an error is one short line shown only to the person, and a refused command changes nothing."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from bot.core.params import Kind, Param, Vocabularies
from bot.core.registry import Command, Registry
from commands import build_registry
from storage.database import Database
from tests import hostile
from tests.harness import make_settings
from tests.snapshot import Snapshot, snapshot

MAX_ERROR = 200
# What a front end says when something escaped the core: never acceptable here.
CRASH_WORDS = ("went wrong", "could not run that command", "Traceback")

_SPECIALS = (
    "\x00\x01\x1b\x7f\x85\u200b\u200c\u200d\u2060\ufeff\u202a\u202e\u2066\u2069\u00ad\u3164"
    "\U000e0041`*_~|<>@#!&;:\"' \n\t\r１٣²½ßİﬁ\u0301\u2028"
)
CHARACTERS = st.one_of(st.characters(codec="utf-8"), st.sampled_from(_SPECIALS))
JUNK = st.text(CHARACTERS, max_size=40)
JUNK_WORD = st.text(CHARACTERS.filter(lambda c: not c.isspace()), min_size=1, max_size=20)
SENTENCE = st.sampled_from(
    [
        "Five practices adopted by ISPs in three regions",
        "Ask the GFCE to review the draft",
        "in 6 weeks",
        "2027-03-31",
        "IETF jari@ietf.org",
        '"Council of Europe" Jane Doe',
        '"BPF Cybersecurity',
        "civil society too few voices",
        "7d lang:fr public",
        "from-draft 1",
    ]
)
# Words the commands take as verbs and modes (backticked words in descriptions are added).
VERBS = (
    "add", "list", "remove", "also", "on", "off", "agree", "disagree", "pass", "coverage",
    "me", "named", "close", "withdraw", "join", "help", "status",
)  # fmt: skip
MENTIONS = ("@kofi", "@zed", "<@UKOFI>", "<@222>", "<@U1|Marta Ruiz>", *hostile.MENTIONS)
EDGE_NUMBERS = ("0", "-1", "1", "2", "10", "11", "100", "1000001", *hostile.NUMBERS)


def _with_invisible(text: str) -> st.SearchStrategy[str]:
    """The text with an invisible or control character slipped in somewhere."""
    return st.tuples(st.integers(0, len(text)), st.sampled_from(_SPECIALS[:16])).map(
        lambda found: text[: found[0]] + found[1] + text[found[0] :]
    )


def _choices(param: Param, vocabs: Vocabularies) -> list[str]:
    assert param.vocabulary is not None
    vocab = vocabs.get(param.vocabulary)
    return [*vocab.names, *(vocab.short(n) for n in vocab.names), *vocab.aliases]


def _words(param: Param) -> list[str]:
    return [*re.findall(r"`([^`\s]+)`", param.description), *VERBS]


def typed_value(param: Param, vocabs: Vocabularies) -> st.SearchStrategy[str]:
    """A value as typed on the console or in Slack: plausible, hostile, or junk."""
    if param.kind is Kind.INT:
        low, high = param.min_value or 0, param.max_value or 10
        plausible = st.integers(low, high).map(str)
        value = st.one_of(plausible, st.sampled_from(EDGE_NUMBERS), JUNK_WORD)
    elif param.kind is Kind.CHOICE:
        names = st.sampled_from(_choices(param, vocabs))
        value = st.one_of(names, names.flatmap(_with_invisible), JUNK_WORD)
        if param.keyword:
            value = value.map(lambda v: f"{param.name}:{v}")
    elif param.kind is Kind.USER:
        value = st.one_of(st.sampled_from(MENTIONS), JUNK_WORD)
    elif param.kind is Kind.WORD:
        words = st.sampled_from(_words(param))
        value = st.one_of(words, words.flatmap(_with_invisible), JUNK_WORD)
    else:
        value = st.one_of(
            SENTENCE,
            SENTENCE.flatmap(_with_invisible),
            st.sampled_from(hostile.ALL),
            JUNK,
        )
    return value


@st.composite
def typed_args(draw: st.DrawFn, command: Command, vocabs: Vocabularies) -> str:
    """The text after the command: each parameter present or left out, sometimes extra."""
    words = []
    for param in command.params:
        if draw(st.integers(0, 5)) == 0:
            continue
        words.append(draw(typed_value(param, vocabs)))
    if draw(st.integers(0, 7)) == 0:
        words.append(draw(st.one_of(JUNK, st.sampled_from(hostile.ALL))))
    return " ".join(words)


@st.composite
def named_args(draw: st.DrawFn, command: Command, vocabs: Vocabularies) -> dict[str, object]:
    """Discord's named options: ints for INT, strings otherwise (USER is handled apart).
    Discord itself refuses to send a command without its required options."""
    values: dict[str, object] = {}
    for param in command.params:
        if not param.required and draw(st.integers(0, 5)) == 0:
            continue
        if param.kind is Kind.INT:
            low, high = param.min_value or 0, param.max_value or 10
            values[param.name] = draw(
                st.one_of(st.integers(low, high), st.integers(-(2**53), 2**53))
            )
        elif param.kind is Kind.USER:
            values[param.name] = draw(st.sampled_from(("kofi", "zed", "maria")))
        else:
            raw = draw(typed_value(param, vocabs))
            values[param.name] = raw.removeprefix(f"{param.name}:") if param.keyword else raw
    return values


def registry_commands() -> list[Command]:
    """Every command in the registry, in a stable order (the fuzz suite's parameters)."""
    return sorted(build_registry(), key=lambda c: c.path)


def vocabularies() -> Vocabularies:
    settings = make_settings()
    return Vocabularies(settings.stakeholders, settings.regions, settings.formats)


PEOPLE = ("ana", "kofi", "zed")  # a chair, a member, someone from outside the group
# The state every property starts from: a group with a bit of everything in it.
SEED = [
    ("ana", "wg create BPF Cybersecurity"),
    ("ana", "wg join civil society grulac"),
    ("kofi", "wg join tech africa"),
    ("ana", "wg goal Five practices adopted by ISPs in three regions"),
    ("ana", "wg deadline in 10 weeks"),
    ("ana", "wg charter 1 Known standards are not implemented."),
    ("kofi", "wg ask Please introduce us to the GFCE"),
    ("ana", "wg liaison add IETF jari@ietf.org"),
    ("ana", "wg propose Every ISP adopts BCP 38"),
]


@dataclass
class Answer:
    text: str
    error: bool
    ephemeral: bool


Send = Callable[[str, Command, object], Answer]


# The state after the last example is the state before the next (nothing else writes between
# them): one snapshot per example instead of two.
_LAST: weakref.WeakKeyDictionary[Database, Snapshot] = weakref.WeakKeyDictionary()


def check(database: Database, send: Send, person: str, command: Command, args: object) -> None:
    """The property, for one input through one front end."""
    before = _LAST.pop(database, None) or snapshot(database)
    answer = send(person, command, args)
    after = _LAST[database] = snapshot(database)
    for words in CRASH_WORDS:
        assert words not in answer.text, f"{command.invocation} {args!r}: {answer.text}"
    if answer.error:
        assert answer.ephemeral, f"error shown to everyone: {answer.text}"
        assert "\n" not in answer.text, f"error on several lines: {answer.text!r}"
        assert len(answer.text) <= MAX_ERROR, f"error of {len(answer.text)} chars: {answer.text}"
        assert after == before, f"refused but changed: {command.invocation} {args!r}"


def command_ids(commands: list[Command]) -> list[str]:
    return ["_".join(c.path) for c in commands]


def registry() -> Registry:
    return build_registry()
