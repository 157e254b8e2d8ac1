"""The MAG sponsor (R4: the MAG stands by the work) and the volunteers' asks of them."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.errors import PermissionDenied, UsageError
from bot.core.messages import Reply, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry, Role

MAX_ASK = 1000


def sponsor(ctx: Context, args: Args) -> Reply:
    user = args.user("user")
    group = ctx.require_group()
    row, changed = ctx.store.sponsors.assign(
        ctx.group_id,
        ctx.where.platform.value,
        user.user_id,
        user.display_name,
        ctx.actor.key,
        ctx.now,
    )
    name = row.display_name or row.user_id
    if not changed:
        return Reply(text=f"@{name} already sponsors {group.name}.", ephemeral=True)
    return Reply(
        title="MAG sponsor assigned",
        text=(
            f"@{name} is now the MAG sponsor of {group.name}. They will get a weekly nudge "
            "with the group's state and your open asks."
        ),
        tone=Tone.SUCCESS,
    )


def ask(ctx: Context, args: Args) -> Reply:
    text = args.text("text").strip()
    if len(text) > MAX_ASK:
        raise UsageError(f"That ask is {len(text)} characters: keep it under {MAX_ASK}.")
    row = ctx.store.asks.add(ctx.group_id, text, ctx.actor.key, ctx.actor.name, ctx.now)
    reply = f"Ask #{row.id} queued for the sponsor's next nudge: {text}"
    if not ctx.store.sponsors.of_group(ctx.group_id):
        reply += (
            " (This group has no MAG sponsor yet: a chair can name one with `/wg sponsor @user`.)"
        )
    return Reply(text=reply, tone=Tone.SUCCESS)


def done(ctx: Context, args: Args) -> Reply:
    number = args.opt_int("number")
    assert number is not None
    row = ctx.store.asks.get(ctx.group_id, number)
    if row is None or row.status != "open":
        raise UsageError(f"There is no open ask #{number} here: `/wg status` lists the open ones.")
    is_sponsor = any(
        s.platform == ctx.actor.platform.value and s.user_id == ctx.actor.user_id
        for s in ctx.store.sponsors.of_group(ctx.group_id)
    )
    if not (row.asked_by == ctx.actor.key or is_sponsor or ctx.is_chair() or ctx.is_admin):
        raise PermissionDenied(
            "Only the person who asked, the sponsor or a chair can close an ask."
        )
    ctx.store.asks.close(row, ctx.actor.key, ctx.now)
    return Reply.ok(f"Ask #{number} marked done: {row.text}")


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "sponsor"),
            summary="Assign the group's MAG sponsor, who gets the weekly nudge.",
            handler=sponsor,
            params=(Param("user", Kind.USER, "the MAG member, as a mention: @name"),),
            role=Role.CHAIR,
        )
    )
    registry.add(
        Command(
            path=("wg", "ask"),
            summary="Ask the MAG sponsor for help; it goes into their next nudge.",
            handler=ask,
            params=(Param("text", Kind.TEXT, "what you need from the sponsor"),),
        )
    )
    registry.add(
        Command(
            path=("wg", "done"),
            summary="Mark an ask as done (the asker, the sponsor or a chair).",
            handler=done,
            params=(Param("number", Kind.INT, "the ask's number, from `/wg status`", min_value=1),),
        )
    )
