"""`/wg history`: the audit log of a group, so nothing changes silently."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply, Section
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry
from bot.domain.cycle import MAX_YEAR, MIN_YEAR
from bot.ground.errors import UsageError
from commands.rollover import history_year

DEFAULT_ENTRIES = 15
MAX_ENTRIES = 100
MAX_VALUE = 60


def _short(value: str | None) -> str:
    if value is None:
        return "—"
    return value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"


def history(ctx: Context, args: Args) -> Reply:
    number = args.opt_int("count")
    if number is not None and number >= MIN_YEAR:
        return history_year(ctx, number)
    if number is not None and number > MAX_ENTRIES:
        raise UsageError(
            f"Give how many changes to show (1 to {MAX_ENTRIES}), or a cycle's year like `2027`."
        )
    limit = number or DEFAULT_ENTRIES
    entries = ctx.store.audit.history(ctx.group_id, limit=limit)
    lines = tuple(
        f"{e.at:%Y-%m-%d %H:%M} {e.actor} {e.action}: {_short(e.old)} → {_short(e.new)}"
        for e in entries
    )
    return Reply(
        title=f"{ctx.require_group().name}: last {len(lines)} changes",
        text="Newest first. Times in UTC.",
        sections=(Section("Changes", lines or ("No changes yet.",)),),
        ephemeral=True,
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "history"),
            readonly=True,
            summary="The group's recent changes (who, what, when, old → new), or a past cycle.",
            handler=history,
            params=(
                Param(
                    "count",
                    Kind.INT,
                    "how many changes to show (1 to 100), or a cycle's year (`2027`)",
                    required=False,
                    min_value=1,
                    max_value=MAX_YEAR,
                ),
            ),
        )
    )
