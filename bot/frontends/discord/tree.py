"""The application commands, generated from the core registry so they are never written twice.

`/wg` becomes a command group with one subcommand per registered `("wg", sub)`, except the
chairs' and the MAG's, which Discord shows under `/wg-chair` and `/wg-mag` (Command.discord_path:
Discord's per-command limits); a registered single-word path (`("summarize",)`) becomes a
top-level command. Parameter kinds map to
option types; a choice offers its vocabulary as Discord choices (up to 25) or autocomplete.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

import discord
from discord import app_commands

from bot.core import notices
from bot.core.messages import Reply
from bot.core.neutral import mention_token
from bot.core.params import Kind, Param, Vocabularies
from bot.core.registry import Command, Registry
from bot.domain.vocabulary import Vocabulary
from bot.frontends.discord import limits
from bot.frontends.discord.identity import user_ref
from bot.frontends.discord.runner import Runner
from bot.frontends.discord.text import option_text

log = logging.getLogger(__name__)

ROOT_DESCRIPTIONS = {
    "wg": "Your working group: join, status, coverage, asks, statements and votes.",
    "wg-chair": "Chairs: goal, deadline, co-chairs, MAG sponsor, coverage mutes, export.",
    "wg-mag": "MAG admins and sponsors: every group at a glance, overlaps, outcomes.",
    "wg-cycle": "The IGF cycle: the group's timeline, and comments on the draft.",
}
NOT_YET = {
    "summarize": (
        "Turn the discussion into draft recommendations (not available in this build yet).",
        notices.not_in_this_build("/summarize"),
    ),
}

# Commands that make sense in a direct message: they need no channel of a group. A top-level
# command is offered in DMs when any command under it is listed; the others under it answer
# there with a one-line refusal. Everything else is offered in servers only.
DM_PATHS = frozenset(
    {("wg", "help"), ("wg", "home"), ("wg", "overview"), ("wg", "overlaps"), ("wg", "outcomes")}
)
GUILD_ONLY = app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False)
GUILD_AND_DM = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False)

# A front-end flow that replaces a command when it is typed with no options (the modal).
NoOptionsHook = Callable[["discord.Interaction[Any]"], Awaitable[None]]


def option_max_length(param: Param, vocabularies: Vocabularies) -> int | None:
    """The longest value Discord lets a person type into a string option: the core's own
    limit for the parameter (`Param.limit`, which the core enforces for every front end); none
    where Discord offers fixed choices, which it checks itself."""
    if param.kind in (Kind.INT, Kind.USER):
        return None
    vocabulary = param.vocabulary if param.kind is Kind.CHOICE else None
    if (
        vocabulary is not None
        and len(vocabularies.get(vocabulary).names) <= limits.CHOICES_PER_OPTION
    ):
        return None  # fixed choices
    return min(param.limit, limits.OPTION_VALUE)


def _annotation(param: Param, vocabularies: Vocabularies) -> Any:
    if param.kind is Kind.INT:
        if param.min_value is None and param.max_value is None:
            return int
        return app_commands.Range[int, param.min_value, param.max_value]
    if param.kind is Kind.USER:
        return discord.User
    max_length = option_max_length(param, vocabularies)
    return str if max_length is None else app_commands.Range[str, None, max_length]


def offered_in_dms(commands: list[Command]) -> bool:
    return any(c.path in DM_PATHS for c in commands)


def vocabulary_autocomplete(
    vocab: Vocabulary,
) -> Callable[[discord.Interaction[Any], str], Awaitable[list[app_commands.Choice[str]]]]:
    """Names containing what was typed (or matching an alias), at most 25."""

    async def complete(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.strip().lower()
        exact = vocab.resolve(typed) if typed else None
        names = [n for n in vocab.names if not typed or typed in n.lower() or n == exact]
        return [
            app_commands.Choice(name=limits.clip(n, limits.CHOICE_NAME), value=n)
            for n in names[: limits.CHOICES_PER_OPTION]
        ]

    return complete


def _make_callback(
    command: Command, runner: Runner, vocabularies: Vocabularies, hook: NoOptionsHook | None
) -> Callable[..., Coroutine[Any, Any, None]]:
    async def callback(interaction: discord.Interaction[Any], **options: Any) -> None:
        if interaction.guild_id is None and command.path not in DM_PATHS:
            await runner.responder.answer(
                interaction,
                Reply.error(notices.server_only(command.invocation_on("discord"))),
            )
            return
        values: dict[str, object] = {}
        for name, value in options.items():
            if isinstance(value, discord.abc.User):
                values[name] = user_ref(value)
            elif isinstance(value, discord.Object):  # a user Discord sent without resolving
                values[name] = mention_token(str(value.id))
            elif isinstance(value, str):
                values[name] = option_text(value, interaction.guild)
            elif value is not None:
                values[name] = value
        if hook is not None and not values:
            await hook(interaction)
            return
        await runner.command(interaction, command, values)

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for param in command.params:
        parameters.append(
            inspect.Parameter(
                param.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(param, vocabularies),
                default=inspect.Parameter.empty if param.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__name__ = "_".join(command.path)
    return callback


def _decorate(
    callback: Callable[..., Coroutine[Any, Any, None]], command: Command, vocabularies: Vocabularies
) -> Callable[..., Coroutine[Any, Any, None]]:
    described = {
        p.name: limits.clip(p.description, limits.COMMAND_DESCRIPTION) for p in command.params
    }
    decorated = app_commands.describe(**described)(callback)
    choices: dict[str, list[app_commands.Choice[str]]] = {}
    completes: dict[str, Any] = {}
    for param in command.params:
        if param.kind is not Kind.CHOICE or param.vocabulary is None:
            continue
        vocab = vocabularies.get(param.vocabulary)
        if len(vocab.names) <= limits.CHOICES_PER_OPTION:
            choices[param.name] = [
                app_commands.Choice(name=limits.clip(n, limits.CHOICE_NAME), value=n)
                for n in vocab.names
            ]
        else:
            completes[param.name] = vocabulary_autocomplete(vocab)
    if choices:
        decorated = app_commands.choices(**choices)(decorated)
    if completes:
        decorated = app_commands.autocomplete(**completes)(decorated)
    return decorated


def make_command(
    command: Command,
    runner: Runner,
    vocabularies: Vocabularies,
    parent: app_commands.Group | None = None,
    hook: NoOptionsHook | None = None,
) -> app_commands.Command[Any, ..., None]:
    callback = _decorate(_make_callback(command, runner, vocabularies, hook), command, vocabularies)
    in_dms = command.path in DM_PATHS
    return app_commands.Command(
        name=command.discord_path[-1],
        description=limits.clip(command.summary, limits.COMMAND_DESCRIPTION),
        callback=callback,
        parent=parent,
        # Discord reads contexts on top-level commands only; a subcommand's are ignored.
        allowed_contexts=None if parent is not None else (GUILD_AND_DM if in_dms else GUILD_ONLY),
    )


def _not_yet(
    name: str, description: str, text: str, runner: Runner
) -> app_commands.Command[Any, ..., None]:
    async def callback(interaction: discord.Interaction[Any]) -> None:
        await runner.responder.answer(interaction, Reply.error(text))

    callback.__name__ = name
    return app_commands.Command(
        name=name, description=description, callback=callback, allowed_contexts=GUILD_ONLY
    )


def build_commands(
    registry: Registry,
    runner: Runner,
    vocabularies: Vocabularies,
    hooks: Mapping[tuple[str, ...], NoOptionsHook] | None = None,
) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """One top-level entry per registry root (a group, or a command for a one-word path)."""
    hooks = hooks or {}
    out: list[app_commands.Command[Any, ..., None] | app_commands.Group] = []
    by_root: dict[str, list[Command]] = {}
    for command in registry:
        by_root.setdefault(command.discord_path[0], []).append(command)
    for root, commands in sorted(by_root.items()):
        single = [c for c in commands if len(c.path) == 1]
        if single:
            if len(commands) > 1:
                raise ValueError(f"/{root} is both a command and a group: Discord forbids that")
            out.append(make_command(single[0], runner, vocabularies, hook=hooks.get((root,))))
            continue
        if any(len(c.discord_path) != 2 for c in commands):
            raise ValueError(f"/{root}: Discord commands nest at most one group deep here")
        group = app_commands.Group(
            name=root,
            description=limits.clip(
                ROOT_DESCRIPTIONS.get(root, f"The /{root} commands."), limits.COMMAND_DESCRIPTION
            ),
            allowed_contexts=GUILD_AND_DM if offered_in_dms(commands) else GUILD_ONLY,
        )
        for command in sorted(commands, key=lambda c: c.discord_path):
            group.add_command(
                make_command(
                    command, runner, vocabularies, parent=group, hook=hooks.get(command.path)
                )
            )
        out.append(group)
    for name, (description, text) in NOT_YET.items():
        if name not in registry.roots():
            out.append(_not_yet(name, description, text, runner))
    return out


def error_text(error: app_commands.AppCommandError) -> str:
    """What the person reads when discord.py fails a command before the core sees it: the
    shared notices, with what they typed quoted (normalise.quoted) like every other error."""
    if isinstance(error, app_commands.TransformerError):
        return notices.invalid_option(error.value)
    return notices.could_not_run()


def install(
    tree: app_commands.CommandTree[Any],
    registry: Registry,
    runner: Runner,
    vocabularies: Vocabularies,
    hooks: Mapping[tuple[str, ...], NoOptionsHook] | None = None,
) -> None:
    for entry in build_commands(registry, runner, vocabularies, hooks):
        tree.add_command(entry)

    async def on_error(
        interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        log.error("application command failed", exc_info=error)
        await runner.responder.answer(interaction, Reply.error(error_text(error)))

    tree.on_error = on_error  # type: ignore[method-assign]
