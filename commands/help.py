"""`/wg help`: generated from the registry, so it always matches what is registered."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply, Section
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry, Role
from bot.ground.errors import UsageError
from bot.ground.normalise import quoted

ROLE_NOTE = {
    Role.ANYONE: "",
    Role.CHAIR: " (chairs)",
    Role.ADMIN: " (admins)",
    Role.MAG: " (admins and sponsors)",
}


def help_command(ctx: Context, args: Args, registry: Registry) -> Reply:
    topic = args.opt_text("command")
    commands = list(registry)
    platform = ctx.actor.platform.value
    if topic:
        wanted = topic.lstrip("/").lower().strip()
        head, _, rest = wanted.partition(" ")
        if rest and head.startswith("wg"):  # `wg goal`, or Discord's `wg-chair goal`
            wanted = rest.strip()
        # A name may be both a top-level command and a `/wg` one: show every match.
        matches = [c for c in commands if " ".join(c.path[1:] or c.path) == wanted]
        if not matches:
            raise UsageError(f"No command {quoted(topic, 30)}: type `/wg help` for the list.")
        detail: list[str] = []
        for match in matches:
            detail += [f"`{match.usage_on(platform)}`{ROLE_NOTE[match.role]}", match.summary]
            if match.details:
                detail.append(match.details)
            detail += [f"{p.placeholder}: {p.description}" for p in match.params]
            detail.append("")
        title = " · ".join(m.invocation_on(platform) for m in matches)
        return Reply(text="\n".join(detail).strip(), title=title, ephemeral=True)
    lines = tuple(f"`{c.usage_on(platform)}`: {c.summary}{ROLE_NOTE[c.role]}" for c in commands)
    intro = (
        "I keep this working group focused: a goal, a deadline, a charter, every stakeholder "
        "group at the table, and a MAG sponsor who stands by the work."
    )
    if ctx.group is None:
        intro += " This channel has no group yet: start with `/wg create NAME`."
    return Reply(
        text=intro,
        title="What you can type here",
        sections=(Section("Commands", lines),),
        ephemeral=True,
    )


def register(registry: Registry) -> None:
    def help_here(ctx: Context, args: Args) -> Reply:
        """Help reads the registry it is registered in (the context does not carry it, so
        the core's context and registry do not import each other)."""
        return help_command(ctx, args, registry)

    registry.add(
        Command(
            path=("wg", "help"),
            readonly=True,
            summary="What can be typed here, or the details of one command.",
            handler=help_here,
            params=(Param("command", Kind.WORD, "a command name, like `join`", required=False),),
            needs_group=False,
        )
    )
