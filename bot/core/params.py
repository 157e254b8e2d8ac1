"""Typed command parameters and the one parser that turns typed text into them.

Every front end goes through these converters: the console and Slack hand over raw text,
Discord hands over named option values; both pass the one input boundary
(`bot.ground.normalise`) and end in the same validation and the same one-line errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.core.messages import Platform, UserRef
from bot.core.neutral import MENTION_SPAN, at_name, mentioned
from bot.domain.addresses import InvalidAddress, parse_address
from bot.domain.vocabulary import Vocabulary
from bot.ground.errors import UsageError
from bot.ground.normalise import (
    MAX_INPUT,
    clean_name,
    clean_text,
    closed_quotes,
    parse_number,
    quoted,
    tidy,
)


class Kind(StrEnum):
    WORD = "word"  # one token
    TEXT = "text"  # the rest of the line, spacing kept
    INT = "int"
    CHOICE = "choice"  # a value from a vocabulary, possibly several words ("Civil society")
    USER = "user"  # a mention: <@U123>, <@U123|name>, <@!123>, @name


# No single word (a verb, a vocabulary entry, a mention) is longer than this.
MAX_WORD = 100
# A person's id and display name as the storage columns hold them.
MAX_PERSON_ID = 100
MAX_PERSON_NAME = 200


class VocabularyName(StrEnum):
    STAKEHOLDER = "stakeholder"
    REGION = "region"
    FORMAT = "format"


@dataclass(frozen=True)
class Param:
    name: str  # lower-case identifier; shown upper-case in usage (GROUP)
    kind: Kind
    description: str
    required: bool = True
    vocabulary: VocabularyName | None = None
    min_value: int | None = None
    max_value: int | None = None  # every INT declares one (the registry checks)
    # Written as `name:value` (after free text, where a bare word would be ambiguous).
    keyword: bool = False
    # The longest value accepted (after normalising); front ends may stop typing there too.
    max_length: int | None = None
    # TEXT only: prose keeps line breaks and meaningful joiners; a name (False) is one line
    # without any invisible character.
    prose: bool = True
    # USER only: an email address names an email-only person (platform EMAIL).
    email: bool = False

    @property
    def limit(self) -> int:
        """The longest accepted value: `max_length`, else a word's or the input's limit."""
        if self.max_length is not None:
            return self.max_length
        return MAX_INPUT if self.kind is Kind.TEXT else MAX_WORD

    @property
    def placeholder(self) -> str:
        if self.keyword:
            return f"{self.name}:{self.name.upper()}"
        return ("@" if self.kind is Kind.USER else "") + self.name.upper()


@dataclass(frozen=True)
class Vocabularies:
    stakeholder: Vocabulary
    region: Vocabulary
    format: Vocabulary

    def get(self, name: VocabularyName) -> Vocabulary:
        return getattr(self, name.value)  # type: ignore[no-any-return]


class Args:
    """Converted argument values with typed accessors for handlers."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self._values = dict(values)

    def __contains__(self, name: str) -> bool:
        return self._values.get(name) is not None

    def text(self, name: str) -> str:
        value = self._values.get(name)
        assert isinstance(value, str), f"{name} is not set"
        return value

    def opt_text(self, name: str) -> str | None:
        value = self._values.get(name)
        return value if isinstance(value, str) else None

    def opt_int(self, name: str) -> int | None:
        value = self._values.get(name)
        return value if isinstance(value, int) else None

    def user(self, name: str) -> UserRef:
        value = self._values.get(name)
        assert isinstance(value, UserRef), f"{name} is not set"
        return value

    def as_dict(self) -> dict[str, object]:
        return dict(self._values)


# A quoted string, a whole mention (Slack's may hold spaces: <@U1|Marta Ruiz>), or a word.
_TOKEN = re.compile(r'"([^"]*)"|(' + MENTION_SPAN + r")|(\S+)")


def parse_user(raw: str, usage: str, *, plain_names: bool = True, email: bool = False) -> UserRef:
    """A platform mention (`<@U1|Name>`, `<@!42>`); a bare `@name` only where people are
    plain names (the console). On Slack and Discord a bare `@name` means the platform could
    not resolve it: storing it would make a person the bot can never reach. With `email`, an
    address names an email-only person."""
    text = raw.strip()
    person = mentioned(text)
    if person is not None:
        return UserRef(user_id=person[0], display_name=person[1])
    name = at_name(text) if plain_names else None
    if name is not None:
        return UserRef(user_id=name)
    if email and "@" in text[1:]:
        return _email_person(text, usage)
    email_too = " or write their email address" if email else ""
    raise UsageError(
        f"{quoted(text, 30)} is not a person: mention one person (pick them from the list as "
        f"you type @){email_too}. Usage: `{usage}`"
    )


def _email_person(text: str, usage: str) -> UserRef:
    try:
        address = parse_address(text)
    except InvalidAddress as exc:
        reason = f"{quoted(text, 40)} is not an email address: {exc}"
        raise UsageError(f"{reason}. Usage: `{usage}`") from None
    if len(address) > MAX_PERSON_ID:
        raise UsageError(f"That address is over {MAX_PERSON_ID} characters: use a shorter one.")
    return UserRef(user_id=address, platform=Platform.EMAIL)


def _convert_int(param: Param, raw: str, usage: str) -> int:
    try:
        return parse_number(raw, param.placeholder, low=param.min_value, high=param.max_value)
    except UsageError as exc:
        raise UsageError(f"{exc.message.rstrip('.')}. Usage: `{usage}`") from None


def _unknown_choice(vocab: Vocabulary, raw: str) -> UsageError:
    return UsageError(
        f"{quoted(raw, 30)} is not a {vocab.kind}: use one of {vocab.choices_hint()}."
    )


def _tidy_person(person: UserRef) -> UserRef:
    """A person the platform resolved (Discord's user option): their name is the platform's,
    never refused, but stored without control or invisible characters."""
    return UserRef(
        user_id=tidy(person.user_id, max_length=MAX_PERSON_ID) or "unknown",
        display_name=tidy(person.display_name, max_length=MAX_PERSON_NAME),
    )


def _clean_value(param: Param, raw: str) -> str:
    """One value through the input boundary: "" when nothing visible is left."""
    if param.kind is Kind.TEXT and param.prose:
        return clean_text(raw, param.placeholder, max_length=param.limit)
    return closed_quotes(
        clean_name(raw, param.placeholder, max_length=param.limit), param.placeholder
    )


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    """Tokens of an already normalised line; each token's text is a name (no joiners left)."""
    found = []
    for match in _TOKEN.finditer(text):
        word = next(g for g in match.groups() if g is not None)
        found.append(_Token(clean_name(word, "A word"), match.start(), match.end()))
    return found


def _longest_prefix(vocab: Vocabulary, tokens: list[_Token]) -> tuple[str, int] | None:
    for n in range(min(len(tokens), 8), 0, -1):
        name = vocab.resolve(" ".join(t.text for t in tokens[:n]))
        if name:
            return name, n
    return None


def _keyword_value(param: Param, token: _Token, vocabs: Vocabularies) -> str | None:
    """`format:bpf` → the vocabulary's name; None when the token is not this keyword."""
    prefix = f"{param.name}:"
    if not token.text.lower().startswith(prefix):
        return None
    assert param.vocabulary is not None
    vocab = vocabs.get(param.vocabulary)
    raw = token.text[len(prefix) :]
    name = vocab.resolve(raw)
    if name is None:
        raise _unknown_choice(vocab, raw)
    return name


def parse_text(
    params: tuple[Param, ...],
    text: str,
    vocabs: Vocabularies,
    usage: str,
    *,
    plain_names: bool = True,
) -> dict[str, object]:
    """Left to right: words, numbers, people and choices take tokens; TEXT takes the rest,
    except for `name:value` keyword choices at its end. Blank text counts as missing."""
    text = clean_text(text, "The command", max_length=MAX_INPUT)
    tokens = _tokens(text)
    values: dict[str, object] = {}
    index = 0
    for position, param in enumerate(params):
        rest = tokens[index:]
        if not rest:
            if param.required:
                raise UsageError(f"Missing {param.placeholder}. Usage: `{usage}`")
            values[param.name] = None
            continue
        if param.kind is Kind.TEXT:
            trailing = params[position + 1 :]
            end = len(tokens)
            for tail in trailing:
                assert tail.keyword and not tail.required, "after TEXT: optional keywords only"
                values[tail.name] = None
            while end > index and trailing:
                keyword = next(
                    (t for t in trailing if _keyword_value(t, tokens[end - 1], vocabs)), None
                )
                if keyword is None:
                    break
                values[keyword.name] = _keyword_value(keyword, tokens[end - 1], vocabs)
                end -= 1
            value = ""
            if end > index:
                value = text[tokens[index].start : tokens[end - 1].end]
                whole = _TOKEN.fullmatch(value)
                if end - index == 1 and whole and whole.group(1) is not None:
                    value = whole.group(1)  # one quoted string: its inside
                value = _clean_value(param, value)
            if not value and param.required:
                raise UsageError(f"Missing {param.placeholder}. Usage: `{usage}`")
            values[param.name] = value or None
            index = len(tokens)
            break
        if param.kind is Kind.CHOICE:
            assert param.vocabulary is not None
            vocab = vocabs.get(param.vocabulary)
            closed_quotes(rest[0].text, param.placeholder)
            found = _longest_prefix(vocab, rest)
            if not found:
                raise _unknown_choice(vocab, rest[0].text)
            values[param.name], used = found
            index += used
            continue
        raw = closed_quotes(rest[0].text, param.placeholder)
        index += 1
        if len(raw) > param.limit:
            raise UsageError(
                f"{param.placeholder} is {len(raw):,} characters: keep it under {param.limit}."
            )
        if not raw.strip():
            if param.required:
                raise UsageError(f"Missing {param.placeholder}. Usage: `{usage}`")
            values[param.name] = None
        elif param.kind is Kind.INT:
            values[param.name] = _convert_int(param, raw, usage)
        elif param.kind is Kind.USER:
            values[param.name] = parse_user(raw, usage, plain_names=plain_names, email=param.email)
        else:
            values[param.name] = raw
    if index < len(tokens):
        extra = text[tokens[index].start :]
        raise UsageError(f"Unexpected {quoted(extra, 30)}. Usage: `{usage}`")
    return values


def convert_named(
    params: tuple[Param, ...],
    given: Mapping[str, object],
    vocabs: Vocabularies,
    usage: str,
    *,
    plain_names: bool = True,
) -> dict[str, object]:
    """Named values (Discord options) through the same checks as typed text."""
    unknown = set(given) - {p.name for p in params}
    if unknown:
        raise UsageError(f"Unexpected option {quoted(sorted(unknown)[0], 30)}. Usage: `{usage}`")
    values: dict[str, object] = {}
    for param in params:
        raw = given.get(param.name)
        if isinstance(raw, str) and param.kind is not Kind.INT:
            raw = _clean_value(param, raw)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if param.required:
                raise UsageError(f"Missing {param.placeholder}. Usage: `{usage}`")
            values[param.name] = None
            continue
        if param.kind is Kind.USER:
            values[param.name] = (
                _tidy_person(raw)
                if isinstance(raw, UserRef)
                else parse_user(str(raw), usage, plain_names=plain_names, email=param.email)
            )
        elif param.kind is Kind.INT:
            values[param.name] = _convert_int(param, str(raw), usage)
        elif param.kind is Kind.CHOICE:
            assert param.vocabulary is not None
            vocab = vocabs.get(param.vocabulary)
            name = vocab.resolve(str(raw))
            if name is None:
                raise _unknown_choice(vocab, str(raw))
            values[param.name] = name
        else:
            values[param.name] = _clean_value(param, str(raw))
    return values
