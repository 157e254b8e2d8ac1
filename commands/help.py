"""`/wg help`: generated from the registry, so it always matches what is registered.

Grouped by who uses a command (everyone, chairs, the MAG) and, for everyone's, by the phase
of the work it belongs to, so that a member's list fits on one screen; chairs and the MAG
see their own sections too (or ask for them: `/wg help chairs`, `/wg help mag`)."""

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

# The phase of the work a command belongs to (by its `/wg` name); any other: "Any time".
ANY_TIME = "Any time"
PHASES: dict[str, tuple[str, ...]] = {
    "Getting started": ("create", "join", "leave", "timezone", "email", "list", "home"),
    "Scoping and the call for input": ("charter", "liaison", "ask", "done", "coverage"),
    "Discussion and drafting": ("propose", "vote", "consensus", "summarize", "drafts"),
    "Comments on the draft": ("comments", "comment", "disposition"),
    "The cycle": ("cycle", "timeline", "milestone", "rollover", "history"),
}
AUDIENCES = {"everyone": (Role.ANYONE,), "chairs": (Role.CHAIR,), "mag": (Role.ADMIN, Role.MAG)}
AUDIENCE_TITLES = {"everyone": "Everyone", "chairs": "Chairs", "mag": "The MAG"}


def phase_of(command: Command) -> str:
    name = command.path[-1]
    return next((phase for phase, names in PHASES.items() if name in names), ANY_TIME)


def _line(command: Command, platform: str) -> str:
    return f"`{command.usage_on(platform)}`: {command.summary}{ROLE_NOTE[command.role]}"


def _by_phase(commands: list[Command], platform: str, heading: str) -> list[Section]:
    order = [*PHASES, ANY_TIME]
    sections = []
    for phase in order:
        found = [c for c in commands if phase_of(c) == phase]
        if found:
            title = f"{heading} · {phase}" if heading else phase
            sections.append(Section(title, tuple(_line(c, platform) for c in found)))
    return sections


def _audiences(ctx: Context) -> list[str]:
    """Whose commands this person sees without asking: everyone's, and their own role's."""
    shown = ["everyone"]
    if ctx.is_admin or ctx.is_chair():
        shown.append("chairs")
    mag = ctx.store.sponsors.sponsors_anything(ctx.actor.platform.value, ctx.actor.user_id)
    if ctx.is_admin or mag:
        shown.append("mag")
    return shown


def help_command(ctx: Context, args: Args, registry: Registry) -> Reply:
    topic = args.opt_text("command")
    commands = list(registry)
    platform = ctx.actor.platform.value
    wanted = (topic or "").lstrip("/").lower().strip()
    if wanted in ("all", *AUDIENCES):
        shown = list(AUDIENCES) if wanted == "all" else [wanted]
    elif topic:
        return _detail(topic, wanted, commands, platform)
    else:
        shown = _audiences(ctx)
    sections: list[Section] = []
    for audience in shown:
        mine = [c for c in commands if c.role in AUDIENCES[audience]]
        heading = "" if shown == ["everyone"] else AUDIENCE_TITLES[audience]
        if audience == "everyone":
            sections += _by_phase(mine, platform, heading)
        else:
            title = f"{AUDIENCE_TITLES[audience]}' commands".replace("MAG'", "MAG's")
            sections.append(Section(title, tuple(_line(c, platform) for c in mine)))
    intro = (
        "I keep this working group focused: a goal, a deadline, a charter, every stakeholder "
        "group at the table, and a MAG sponsor who stands by the work."
    )
    if ctx.group is None:
        intro += " This channel has no group yet: start with `/wg create NAME`."
    hidden = [a for a in AUDIENCES if a not in shown]
    if hidden:
        intro += " More: " + ", ".join(f"`/wg help {a}`" for a in hidden) + "."
    intro += " Details of one command: `/wg help NAME`."
    return Reply(
        text=intro, title="What you can type here", sections=tuple(sections), ephemeral=True
    )


def _detail(topic: str, wanted: str, commands: list[Command], platform: str) -> Reply:
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


def register(registry: Registry) -> None:
    def help_here(ctx: Context, args: Args) -> Reply:
        """Help reads the registry it is registered in (the context does not carry it, so
        the core's context and registry do not import each other)."""
        return help_command(ctx, args, registry)

    registry.add(
        Command(
            path=("wg", "help"),
            readonly=True,
            summary="What can be typed here (`chairs`, `mag`, `all`), or one command's details.",
            handler=help_here,
            params=(
                Param(
                    "command",
                    Kind.WORD,
                    "a command name like `join`, or `chairs`, `mag`, `all`",
                    required=False,
                ),
            ),
            needs_group=False,
        )
    )
