"""The command registry: the single source for dispatch, `/wg help`, and the Slack and
Discord command definitions, so they never drift apart."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from bot.core.command_ref import MARK, unmarked
from bot.core.messages import Attachment, Reply
from bot.core.params import Args, Kind, Param
from bot.ground.normalise import MAX_INT

if TYPE_CHECKING:
    from bot.core.context import Context


class Role(StrEnum):
    ANYONE = "anyone"
    CHAIR = "chair"  # a chair of this channel's group, or an admin
    ADMIN = "admin"  # listed in WGBOT_ADMINS
    MAG = "mag"  # an admin, or the MAG sponsor of any group


# Discord allows 25 subcommands and 4,000 characters (names, descriptions, options) under one
# top-level command. There the chairs' and the MAG's commands live under top-level commands
# of their own (`/wg-chair goal`, `/wg-mag overview`), so every member's `/wg` stays short and
# each stays far from both limits; the console and Slack keep the one `/wg`.
DISCORD_AREAS: dict[Role, str] = {Role.CHAIR: "chair", Role.ADMIN: "mag", Role.MAG: "mag"}

Handler = Callable[["Context", Args], "Reply"]
ActionHandler = Callable[["Context", str], "Reply"]
FormHandler = Callable[["Context", Mapping[str, str]], "Reply"]
FormDefaults = Callable[["Context"], Mapping[str, str]]


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]  # ("wg", "join") or ("summarize",)
    summary: str  # one line for help and Discord's 100-character description
    handler: Handler
    params: tuple[Param, ...] = ()
    role: Role = Role.ANYONE
    needs_group: bool = True
    details: str = ""
    # Slow commands (LLM calls, many API calls) are acknowledged first and run after the ack.
    slow: bool = False
    # Writes nothing: may run beside other transactions (SQLite takes no write lock for it).
    readonly: bool = False
    # Read-only, and the reply depends only on the data, the channel, the arguments and the
    # minute, never on who asks or on a platform service: kept while the data is unchanged
    # (bot/core/reply_cache.py).
    cacheable: bool = False
    # The handler opens its own short transactions (`ctx.transaction()`) instead of running
    # inside the dispatcher's one: for work that waits on the network (an LLM) and must not
    # hold a database transaction meanwhile (on SQLite it would block every writer).
    own_transactions: bool = False
    # Discord only: the top-level command it lives under (`cycle` → `/wg-cycle timeline`)
    # when its role's would grow past Discord's limits; else the role's (DISCORD_AREAS).
    discord_area: str | None = None

    @property
    def invocation(self) -> str:
        return "/" + " ".join(self.path)

    @property
    def discord_path(self) -> tuple[str, ...]:
        """Where Discord shows it: `("wg-chair", "goal")` for a chair's `/wg goal`."""
        area = self.discord_area or DISCORD_AREAS.get(self.role)
        if len(self.path) == 2 and area:
            return (f"{self.path[0]}-{area}", self.path[1])
        return self.path

    def path_on(self, platform: str) -> tuple[str, ...]:
        """The path as typed on that platform: the one rule for it (Discord's may differ)."""
        return self.discord_path if platform == "discord" else self.path

    def invocation_on(self, platform: str) -> str:
        """`/wg-chair goal` on Discord, `/wg goal` elsewhere."""
        return "/" + " ".join(self.path_on(platform))

    def usage_on(self, platform: str) -> str:
        """The usage as typed on that platform (Discord's path may differ, see above)."""
        return self.invocation_on(platform) + self.usage.removeprefix(self.invocation)

    @property
    def usage(self) -> str:
        parts = [self.invocation]
        for p in self.params:
            name = p.placeholder + ("…" if p.kind is Kind.TEXT else "")
            parts.append(name if p.required else f"[{name}]")
        return " ".join(parts)


@cache
def _command_names(invocations: tuple[str, ...]) -> re.Pattern[str]:
    """A marked command name (bot/core/command_ref.py), whole: not `/wg goals`."""
    names = "|".join(re.escape(i) for i in sorted(invocations, key=len, reverse=True))
    return re.compile(rf"{MARK}({names})(?![\w-])")


def _document(attachment: Attachment) -> str | None:
    """A text document's words when they name a command (else None: left as they are)."""
    if not attachment.mime_type.startswith("text/"):
        return None
    try:
        text = attachment.content.decode()
    except UnicodeDecodeError:
        return None
    return text if MARK in text else None


class DuplicateCommand(ValueError):
    pass


@dataclass(frozen=True)
class ActionSpec:
    """A button handler. Button action ids are `PREFIX:anything`; `value` carries the data."""

    prefix: str
    handler: ActionHandler
    # The group is found from the value, not from the channel (buttons live in DMs too).
    needs_group: bool = False


@dataclass(frozen=True)
class FormSpec:
    """A form (Slack modal, Discord modal) submitted as a whole: its fields are validated and
    saved in ONE transaction by the core, which also words the answer."""

    form_id: str
    handler: FormHandler
    role: Role = Role.ANYONE
    # The current values, to pre-fill the form (read-only).
    defaults: FormDefaults | None = None
    # How errors name a field (`q3` → "Answer 3"); unnamed fields are "A field".
    labels: Mapping[str, str] = field(default_factory=dict)


class Registry:
    def __init__(self) -> None:
        self._commands: dict[tuple[str, ...], Command] = {}
        self._actions: dict[str, ActionSpec] = {}
        self._forms: dict[str, FormSpec] = {}
        self._aliases: dict[tuple[str, ...], tuple[str, ...]] = {}

    def add(self, command: Command) -> Command:
        if command.path in self._commands:
            raise DuplicateCommand(f"command {command.invocation} is registered twice")
        for p in command.params:
            if p.kind is Kind.CHOICE and p.vocabulary is None:
                raise ValueError(f"{command.invocation}: choice {p.name} needs a vocabulary")
            if p.kind is Kind.INT and (p.max_value is None or p.max_value > MAX_INT):
                # The database's column has a range: a number beyond it must be refused here.
                raise ValueError(f"{command.invocation}: number {p.name} needs a max_value")
        self._commands[command.path] = command
        return command

    def add_action(self, spec: ActionSpec) -> ActionSpec:
        if ":" in spec.prefix or spec.prefix in self._actions:
            raise DuplicateCommand(f"action prefix {spec.prefix!r} is invalid or registered twice")
        self._actions[spec.prefix] = spec
        return spec

    def add_form(self, spec: FormSpec) -> FormSpec:
        if spec.form_id in self._forms:
            raise DuplicateCommand(f"form {spec.form_id!r} is registered twice")
        self._forms[spec.form_id] = spec
        return spec

    def form(self, form_id: str) -> FormSpec | None:
        return self._forms.get(form_id)

    def action(self, action_id: str) -> ActionSpec | None:
        return self._actions.get(action_id.split(":", 1)[0])

    def actions(self) -> list[ActionSpec]:
        return list(self._actions.values())

    def add_alias(self, old: tuple[str, ...], new: tuple[str, ...]) -> None:
        """A former name that typed text still reaches; listed nowhere (help, Discord, Slack
        manifests show the new name only)."""
        if old in self._commands or old in self._aliases or new not in self._commands:
            raise DuplicateCommand(f"alias /{' '.join(old)} clashes or has no target")
        self._aliases[old] = new

    def get(self, path: tuple[str, ...]) -> Command | None:
        return self._commands.get(path) or self._commands.get(self._aliases.get(path, ()))

    def roots(self) -> list[str]:
        return sorted({path[0] for path in self._commands})

    def under(self, root: str) -> list[Command]:
        return [c for c in self._commands.values() if c.path[0] == root]

    def spell(self, text: str, platform: str) -> str:
        """Text the core wrote, for `platform`: every command it marked as one (`command_ref`)
        as typed there (`/wg-chair goal` on Discord), the rest, people's words included, as
        it is. Unmarked text is never re-spelled."""
        if MARK not in text:
            return text
        spelled = {c.invocation: c.invocation_on(platform) for c in self._commands.values()}
        names = _command_names(tuple(sorted(spelled)))
        return unmarked(names.sub(lambda m: spelled[m.group(1)], text))

    def spell_reply(self, reply: Reply, platform: str) -> Reply:
        """Every text of a reply through `spell`: what front ends show, hints and documents
        (the outcome document, overview.md) included. A reply that names no command is
        returned as it is (a cached reply stays the same object)."""
        texts = [reply.text, reply.title or ""]
        texts += [f.label + f.value for f in reply.fields]
        texts += [s.heading + "".join(s.lines) for s in reply.sections]
        documents = [_document(a) for a in reply.attachments]
        if not any(MARK in text for text in texts) and not any(documents):
            return reply

        def say(text: str) -> str:
            return self.spell(text, platform)

        return replace(
            reply,
            text=say(reply.text),
            title=say(reply.title) if reply.title else reply.title,
            fields=tuple(replace(f, label=say(f.label), value=say(f.value)) for f in reply.fields),
            sections=tuple(
                replace(s, heading=say(s.heading), lines=tuple(say(line) for line in s.lines))
                for s in reply.sections
            ),
            attachments=tuple(
                replace(a, content=say(d).encode()) if d else a
                for a, d in zip(reply.attachments, documents, strict=True)
            ),
        )

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands.values())

    def __len__(self) -> int:
        return len(self._commands)
