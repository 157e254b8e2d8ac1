"""`/wg output add|list|remove`: the published outputs of a group (a report, a policy
brief), numbered per group; each belongs to the cycle it was made in."""

from __future__ import annotations

from datetime import date

from bot.core.context import Context
from bot.core.messages import Reply, Section
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry
from bot.domain.uptake import check_url, split_body_url
from bot.domain.wording import plural
from bot.ground.errors import UsageError
from bot.ground.normalise import parse_number, quoted
from bot.uptake.cycle_view import cycle_year
from storage.uptake.models import MAX_TITLE, MAX_URL, Output

USAGE = (
    "`\ue000/wg output add TITLE URL [published:DATE]`, `\ue000/wg output list` or "
    "`\ue000/wg output remove N`"
)
ADD_USAGE = "`\ue000/wg output add TITLE URL [published:YYYY-MM-DD]`"
MAX_NUMBER = 100_000


def _published(rest: str, today: date) -> date | None:
    rest = rest.strip()
    if not rest:
        return None
    head, sep, value = rest.partition(":")
    if not sep or head.strip().lower() != "published" or " " in value.strip():
        raise UsageError(f"After the URL only `published:DATE` may come. Usage: {ADD_USAGE}")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"{quoted(value.strip(), 30)} is not a date: give it as `published:2027-06-30`."
        ) from None
    if day > today:
        raise UsageError(f"{day.isoformat()} is in the future: an output is added once published.")
    if day.year < 2000:
        raise UsageError(f"{day.isoformat()} is before the IGF's time: check the year.")
    return day


def output_line(o: Output, uptake: int = 0) -> str:
    when = o.published_on.isoformat() if o.published_on else "date not given"
    used = f" · {plural(uptake, 'uptake entry', 'uptake entries')}" if uptake else ""
    return f"#{o.number} {o.title} — {o.url} (published {when}, cycle {o.cycle_year}){used}"


def _add(ctx: Context, rest: str | None) -> Reply:
    ctx.require_chair()
    title, url, tail = split_body_url(rest or "", ADD_USAGE)
    if len(title) > MAX_TITLE:
        raise UsageError(f"That title is {len(title)} characters: keep it under {MAX_TITLE}.")
    if len(url) > MAX_URL:
        raise UsageError(f"That address is {len(url)} characters: keep it under {MAX_URL}.")
    check_url(url, ADD_USAGE)
    published = _published(tail, ctx.today) or ctx.today
    year = cycle_year(ctx.store, ctx.settings, ctx.require_group(), published)
    row = ctx.store.outputs.add(ctx.group_id, title, url, published, year, ctx.actor.key, ctx.now)
    return Reply.ok(
        f"Output #{row.number} recorded: {row.title} (published {published.isoformat()}, "
        f"cycle {year}). Anyone in the group records who used it: "
        f"`\ue000/wg uptake {row.number} BODY URL [cited|adopted|implemented] [note]`."
    )


def _list(ctx: Context) -> Reply:
    group = ctx.require_group()
    rows = ctx.store.outputs.of_group(ctx.group_id)
    if not rows:
        return Reply(
            text=f"{group.name} has no published outputs yet: a chair adds one with {ADD_USAGE}.",
            ephemeral=True,
        )
    counts: dict[int, int] = {}
    for entry in ctx.store.uptake.of_group(ctx.group_id):
        counts[entry.output_id] = counts.get(entry.output_id, 0) + 1
    return Reply(
        title=f"{group.name}: outputs",
        text=f"{plural(len(rows), 'published output')}. `\ue000/wg uptake N` shows who used one.",
        sections=(
            Section("Outputs", tuple(output_line(o, counts.get(o.id or 0, 0)) for o in rows)),
        ),
        ephemeral=True,
    )


def find_output(ctx: Context, raw: str, usage: str) -> Output:
    number = parse_number(raw.lstrip("#"), "N", low=1, high=MAX_NUMBER)
    row = ctx.store.outputs.by_number(ctx.group_id, number)
    if row is None:
        raise UsageError(
            f"There is no output #{number}: `\ue000/wg output list` shows them. {usage}"
        )
    return row


def _remove(ctx: Context, rest: str | None) -> Reply:
    ctx.require_chair()
    if not rest or len(rest.split()) != 1:
        raise UsageError("Give the output's number. Usage: `\ue000/wg output remove N`")
    row = find_output(ctx, rest, "Usage: `\ue000/wg output remove N`")
    gone = ctx.store.outputs.remove(row, ctx.actor.key, ctx.now)
    extra = f" and its {plural(gone, 'uptake entry', 'uptake entries')}" if gone else ""
    return Reply.ok(f"Output #{row.number} ({row.title}){extra} removed.")


def output(ctx: Context, args: Args) -> Reply:
    verb = args.text("action").lower()
    rest = args.opt_text("rest")
    if verb == "add":
        return _add(ctx, rest)
    if verb in ("remove", "rm", "delete"):
        return _remove(ctx, rest)
    if verb == "list":
        if rest:
            raise UsageError(f"`list` takes nothing after it. Usage: {USAGE}")
        return _list(ctx)
    raise UsageError(f"{quoted(verb, 20)} is not add, list or remove. Usage: {USAGE}")


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "output"),
            discord_area="cycle",  # `/wg` is full on Discord; after the meeting is the cycle
            summary="The group's published outputs: add, list, remove (chairs edit).",
            handler=output,
            params=(
                Param("action", Kind.WORD, "add, list or remove"),
                Param(
                    "rest",
                    Kind.TEXT,
                    "for add: TITLE URL [published:DATE]; for remove: N",
                    required=False,
                    max_length=MAX_TITLE + MAX_URL + 40,
                    prose=False,
                ),
            ),
            details=USAGE,
        )
    )
